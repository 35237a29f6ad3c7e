package org.parley.sip.internal.auth;

import java.util.Arrays;
import java.util.Optional;

import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;

/**
 * One digest challenge this client can answer (algorithm MD5, qop auth or none).
 *
 * @param proxy whether it came in a Proxy-Authenticate (407) rather than a WWW-Authenticate (401)
 */
public record DigestChallenge(boolean proxy, String realm, String nonce, Optional<String> opaque, boolean qopAuth) {

    /** The challenge of {@code header}, or empty if it is not digest, or asks for what is not supported. */
    public static Optional<DigestChallenge> of(WWWAuthenticateHeader header) {
        String algorithm = header.getAlgorithm();
        if (!"Digest".equalsIgnoreCase(header.getScheme()) || header.getRealm() == null || header.getNonce() == null
                || (algorithm != null && !algorithm.equalsIgnoreCase("MD5"))) {
            return Optional.empty();
        }
        String qop = header.getQop();
        boolean auth = qop != null && Arrays.stream(qop.split(",")).map(String::trim).anyMatch("auth"::equalsIgnoreCase);
        if (qop != null && !qop.isBlank() && !auth) {
            return Optional.empty();
        }
        return Optional.of(new DigestChallenge(header instanceof ProxyAuthenticateHeader, header.getRealm(),
                header.getNonce(), Optional.ofNullable(header.getOpaque()), auth));
    }
}
