package org.parley.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.parley.core.account.ServerCertificate;

/**
 * Decides whether an account trusts the TLS server it connects to. A pinned certificate (one
 * the user accepted) is trusted exactly, and any other is refused as changed. Without a pin, the
 * certificate must be vouched for by an authority the system trusts (or one of the account's
 * own) and be valid for the server's host name. A certificate the user trusted this time only is
 * trusted exactly too, for as long as this object lives (the account's run). The last refusal is
 * kept, so that the account can tell the user which certificate was refused and why.
 */
public final class ServerTrust extends X509ExtendedTrustManager {

    /** A certificate the account refused, and why, in words for the user. */
    public record Refusal(ServerCertificate certificate, String reason) {
    }

    private final String serverHost;
    private final Optional<String> pin;
    private final List<X509TrustManager> authorities;
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
    private final Set<String> trustedThisTime = ConcurrentHashMap.newKeySet();

    private ServerTrust(String serverHost, Optional<String> pin, List<X509TrustManager> authorities) {
        this.serverHost = serverHost;
        this.pin = pin;
        this.authorities = authorities;
    }

    /**
     * @param serverHost the host name or address the account's server is known by (what the
     *                   certificate must be valid for)
     * @param pin        the SHA-256 fingerprint of the certificate the user trusts, if any
     * @param authoritiesFile a PEM file of certificate authorities the account trusts besides
     *                        the system's
     * @throws IllegalArgumentException if the pin is not a fingerprint
     * @throws IOException if the authorities file cannot be read
     */
    public static ServerTrust of(String serverHost, Optional<String> pin, Optional<Path> authoritiesFile)
            throws GeneralSecurityException, IOException {
        List<X509TrustManager> authorities = new ArrayList<>();
        authorities.add(trustManager(null));
        if (authoritiesFile.isPresent()) {
            authorities.add(trustManager(Certificates.trustAnchors(authoritiesFile.get())));
        }
        return new ServerTrust(serverHost, pin.map(Certificates::normalizedFingerprint), List.copyOf(authorities));
    }

    /** The host name the server's certificate is checked against. */
    public String serverHost() {
        return serverHost;
    }

    /** Trusts {@code certificate} from the next handshake on, without storing it anywhere. */
    public void trustThisTime(ServerCertificate certificate) {
        trustedThisTime.add(Certificates.normalizedFingerprint(certificate.fingerprint()));
    }

    /**
     * Forgets the last refusal: call before a new connection, whose failure then tells whether its
     * own handshake refused a certificate (some clients report a refused handshake only as a timeout).
     */
    public void forgetRefusal() {
        lastRefusal.set(null);
    }

    /** The certificate refused by the latest handshake, if the latest handshake refused one. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server presented no certificate");
        }
        lastRefusal.set(null);
        X509Certificate leaf = chain[0];
        ServerCertificate presented = Certificates.describe(leaf);
        if (trustedThisTime.contains(presented.fingerprint())) {
            return;
        }
        if (pin.isPresent()) {
            if (pin.get().equals(presented.fingerprint())) {
                return;
            }
            throw refuse(presented, "the server's certificate has changed since it was trusted (trusted SHA-256 "
                    + pin.get() + ", now " + presented.fingerprint() + ")");
        }
        Optional<String> authorityProblem = authorityProblem(chain, authType);
        if (authorityProblem.isPresent()) {
            String kind = presented.selfSigned() ? "self-signed" : "issued by " + presented.issuer();
            throw refuse(presented, "the server's certificate (" + presented.subject() + ", " + kind
                    + ") is not trusted: " + authorityProblem.get() + "; SHA-256 " + presented.fingerprint());
        }
        if (!HostNames.matches(leaf, serverHost)) {
            throw refuse(presented, "the server's certificate is for " + presented.names() + ", not for "
                    + serverHost + "; SHA-256 " + presented.fingerprint());
        }
    }

    private Optional<String> authorityProblem(X509Certificate[] chain, String authType) {
        String problem = "no trusted authority vouches for it";
        for (X509TrustManager authority : authorities) {
            try {
                authority.checkServerTrusted(chain, authType);
                return Optional.empty();
            } catch (CertificateException e) {
                if (e.getMessage() != null && authority == authorities.get(0)) {
                    problem = e.getMessage();
                }
            }
        }
        return Optional.of(problem);
    }

    private CertificateException refuse(ServerCertificate certificate, String reason) {
        lastRefusal.set(new Refusal(certificate, reason));
        return new CertificateException(reason);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("Parley does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.stream().flatMap(a -> java.util.Arrays.stream(a.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
    }

    /** The JDK's PKIX trust manager over {@code anchors}, or over the system's authorities if null. */
    private static X509TrustManager trustManager(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("The JDK offers no X.509 trust manager");
    }
}
