package org.parley.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.parley.testkit.process.Processes;

/**
 * A self-signed TLS certificate for a server the tests start, made with the JDK's keytool: the key
 * store, the key and certificate as PEM (what Kamailio and Prosody read) and a trust store holding
 * only the certificate, all in one directory.
 *
 * @param keyStore   PKCS12 key store with the key and certificate (alias {@code server})
 * @param keyPem     the private key, PEM (PKCS#8)
 * @param certPem    the certificate, PEM
 * @param trustStore PKCS12 trust store with the certificate only
 */
public record SelfSignedCertificate(Path keyStore, Path keyPem, Path certPem, Path trustStore) {

    private static final String ALIAS = "server";

    /**
     * Makes a new certificate in {@code dir} (files {@code tls.p12}, {@code tls-key.pem},
     * {@code tls-cert.pem}, {@code tls-trust.p12}), valid 30 days.
     *
     * @param names    the subject alternative names as keytool takes them ({@code dns:localhost,ip:127.0.0.1});
     *                 the first one's value is also the common name
     * @param password the stores' password
     * @param log      where keytool's output goes
     */
    public static SelfSignedCertificate make(Path dir, String names, String password, Path log) throws IOException {
        String commonName = names.split(",")[0].replaceFirst("^[a-z]+:", "");
        SelfSignedCertificate files = new SelfSignedCertificate(dir.resolve("tls.p12"), dir.resolve("tls-key.pem"),
                dir.resolve("tls-cert.pem"), dir.resolve("tls-trust.p12"));
        Files.deleteIfExists(files.keyStore());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(Files.isExecutable(keytool) ? keytool.toString() : "keytool", "-genkeypair",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname",
                "CN=" + commonName + ", O=Parley tests", "-ext", "SAN=" + names, "-storetype", "PKCS12",
                "-keystore", files.keyStore().toString(), "-storepass", password, "-keypass", password);
        Files.deleteIfExists(log);
        Processes.run(command, Map.of(), log, Duration.ofMinutes(1), "cannot make a TLS certificate for " + commonName);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(files.keyStore())) {
                store.load(in, password.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, password.toCharArray());
            Certificate cert = store.getCertificate(ALIAS);
            Files.writeString(files.keyPem(), pem("PRIVATE KEY", key.getEncoded()));
            Files.writeString(files.certPem(), pem("CERTIFICATE", cert.getEncoded()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, cert);
            try (OutputStream out = Files.newOutputStream(files.trustStore())) {
                trust.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the TLS key for " + commonName, e);
        }
        return files;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
