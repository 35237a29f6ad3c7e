package org.parley.sip.internal.auth;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Optional;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;

/** Writes the Authorization or Proxy-Authorization header that answers a remembered challenge. */
public final class Authorizations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private final HeaderFactory headers;

    public Authorizations(Credentials credentials, HeaderFactory headers) {
        this.credentials = credentials;
        this.headers = headers;
    }

    /**
     * The header for {@code request} with the next nonce count of {@code use}; empty if there is
     * no password for its realm.
     */
    public Optional<AuthorizationHeader> header(Request request, NonceUse use) throws ParseException {
        DigestChallenge challenge = use.challenge();
        Optional<String> ha1 = credentials.ha1(challenge.realm());
        if (ha1.isEmpty()) {
            return Optional.empty();
        }
        String uri = request.getRequestURI().toString();
        AuthorizationHeader header = challenge.proxy() ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        header.setUsername(credentials.user());
        header.setRealm(challenge.realm());
        header.setNonce(challenge.nonce());
        header.setURI(request.getRequestURI());
        header.setAlgorithm("MD5");
        if (challenge.opaque().isPresent()) {
            header.setOpaque(challenge.opaque().get());
        }
        if (challenge.qopAuth()) {
            int count = use.nextCount();
            String cnonce = cnonce();
            header.setQop("auth");
            header.setNonceCount(count);
            header.setCNonce(cnonce);
            header.setResponse(Digest.response(ha1.get(), request.getMethod(), uri, challenge.nonce(), count, cnonce));
        } else {
            header.setResponse(Digest.response(ha1.get(), request.getMethod(), uri, challenge.nonce()));
        }
        return Optional.of(header);
    }

    private static String cnonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
