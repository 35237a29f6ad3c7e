package org.parley.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import org.parley.core.account.ServerCertificate;

/** Reading and describing X.509 certificates. */
final class Certificates {

    private Certificates() {
    }

    /** The certificate as the user sees it, with its SHA-256 fingerprint. */
    static ServerCertificate describe(X509Certificate certificate) {
        return new ServerCertificate(fingerprint(certificate),
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253), HostNames.describe(certificate),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot take the fingerprint of a certificate", e);
        }
    }

    /** A fingerprint as a pin is compared: upper case, colons between byte pairs. */
    static String normalizedFingerprint(String text) {
        String hex = text.strip().replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("A pinned certificate is a SHA-256 fingerprint (64 hex digits): " + text);
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    /**
     * A key store holding every certificate of a PEM (or DER) file, to be used as extra trust
     * anchors.
     *
     * @throws IOException if the file cannot be read or holds no certificate
     */
    static KeyStore trustAnchors(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("anchor-" + index++, certificate);
            }
            if (index == 0) {
                throw new IOException("no certificate in " + file);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }
}
