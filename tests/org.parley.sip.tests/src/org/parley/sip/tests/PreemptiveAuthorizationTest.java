package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.parley.sip.internal.auth.Authorizations;
import org.parley.sip.internal.auth.Challenges;
import org.parley.sip.internal.auth.Credentials;
import org.parley.sip.internal.auth.Digest;
import org.parley.sip.internal.auth.DigestChallenge;
import org.parley.sip.internal.auth.NonceUse;

/**
 * Preemptive digest authentication without a server: which challenges are remembered, and the
 * headers written from them for the requests that follow (nonce counts, responses, stale nonces).
 */
class PreemptiveAuthorizationTest {

    private static final String REALM = "example.org";
    private static final String HA1 = Digest.ha1("alice", REALM, "alice-secret".toCharArray());

    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;
    private final Challenges challenges = new Challenges();
    private final Authorizations authorizations;

    PreemptiveAuthorizationTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        messages = factory.createMessageFactory();
        authorizations = new Authorizations(new Known("alice", Optional.of(HA1)), headers);
    }

    @Test
    void theNextRequestsAnswerARememberedProxyChallengeWithRisingNonceCounts() throws Exception {
        challenges.remember(challenge("Proxy-Authenticate", "Digest realm=\"example.org\", nonce=\"n1\", qop=\"auth\", opaque=\"o1\""));
        for (int count = 1; count <= 3; count++) {
            Request message = request(Request.MESSAGE, "sip:bob@example.org");
            AuthorizationHeader header = only(challenges.of(true), message);
            assertInstanceOf(ProxyAuthorizationHeader.class, header);
            assertEquals(count, header.getNonceCount());
            assertEquals("n1", header.getNonce());
            assertEquals("o1", header.getParameter("opaque"));
            assertEquals("alice", header.getUsername());
            assertEquals(Digest.response(HA1, "MESSAGE", "sip:bob@example.org", "n1", count, header.getCNonce()),
                    header.getResponse(), "the response of nc " + count);
        }
        assertTrue(challenges.of(false).isEmpty(), "no registrar challenge to answer");
    }

    @Test
    void aFreshChallengeOfTheRealmReplacesTheStaleNonceAndCountsFromOneAgain() throws Exception {
        challenges.remember(challenge("Proxy-Authenticate", "Digest realm=\"example.org\", nonce=\"old\", qop=\"auth\""));
        only(challenges.of(true), request(Request.MESSAGE, "sip:bob@example.org"));
        only(challenges.of(true), request(Request.MESSAGE, "sip:bob@example.org"));
        challenges.remember(challenge("Proxy-Authenticate",
                "Digest realm=\"example.org\", nonce=\"new\", qop=\"auth\", stale=true"));
        AuthorizationHeader header = only(challenges.of(true), request(Request.MESSAGE, "sip:bob@example.org"));
        assertEquals("new", header.getNonce());
        assertEquals(1, header.getNonceCount());
    }

    @Test
    void registrarAndProxyChallengesOfOneRealmAreKeptApart() throws Exception {
        challenges.remember(challenge("WWW-Authenticate", "Digest realm=\"example.org\", nonce=\"r\", qop=\"auth\""));
        challenges.remember(challenge("Proxy-Authenticate", "Digest realm=\"example.org\", nonce=\"p\", qop=\"auth\""));
        AuthorizationHeader register = only(challenges.of(false), request(Request.REGISTER, "sip:example.org"));
        assertFalse(register instanceof ProxyAuthorizationHeader, "REGISTER gets an Authorization");
        assertEquals("r", register.getNonce());
        assertEquals("p", only(challenges.of(true), request(Request.INVITE, "sip:bob@example.org")).getNonce());
    }

    @Test
    void aChallengeWithoutQopIsAnsweredTheRfc2069Way() throws Exception {
        challenges.remember(challenge("Proxy-Authenticate", "Digest realm=\"example.org\", nonce=\"n\""));
        AuthorizationHeader header = only(challenges.of(true), request(Request.SUBSCRIBE, "sip:bob@example.org"));
        assertNull(header.getQop());
        assertNull(header.getCNonce());
        assertEquals(Digest.response(HA1, "SUBSCRIBE", "sip:bob@example.org", "n"), header.getResponse());
    }

    @Test
    void challengesThisClientCannotAnswerAreNotTaken() throws Exception {
        assertTrue(DigestChallenge.of(authenticate("Proxy-Authenticate",
                "Digest realm=\"example.org\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\"")).isEmpty(), "SHA-256");
        assertTrue(DigestChallenge.of(authenticate("Proxy-Authenticate",
                "Digest realm=\"example.org\", nonce=\"n\", qop=\"auth-int\"")).isEmpty(), "auth-int only");
        assertTrue(DigestChallenge.of(authenticate("WWW-Authenticate",
                "Digest realm=\"example.org\", nonce=\"n\", algorithm=MD5, qop=\"auth,auth-int\"")).isPresent(),
                "auth among others");
    }

    @Test
    void withoutAPasswordNoHeaderIsWritten() throws Exception {
        NonceUse use = challenges.remember(challenge("Proxy-Authenticate",
                "Digest realm=\"example.org\", nonce=\"n\", qop=\"auth\""));
        Authorizations none = new Authorizations(new Known("alice", Optional.empty()), headers);
        assertTrue(none.header(request(Request.MESSAGE, "sip:bob@example.org"), use).isEmpty());
    }

    private DigestChallenge challenge(String name, String value) throws Exception {
        return DigestChallenge.of(authenticate(name, value)).orElseThrow();
    }

    private WWWAuthenticateHeader authenticate(String name, String value) throws Exception {
        return (WWWAuthenticateHeader) headers.createHeader(name, value);
    }

    private AuthorizationHeader only(List<NonceUse> uses, Request request) throws Exception {
        assertEquals(1, uses.size(), "one remembered challenge: " + uses);
        return authorizations.header(request, uses.get(0)).orElseThrow();
    }

    private Request request(String method, String target) throws Exception {
        URI uri = addresses.createURI(target);
        return messages.createRequest(uri, method, headers.createCallIdHeader("c@127.0.0.1"),
                headers.createCSeqHeader(1L, method),
                headers.createFromHeader(addresses.createAddress("sip:alice@example.org"), "f"),
                headers.createToHeader(addresses.createAddress(target), null),
                List.of(headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK1")),
                headers.createMaxForwardsHeader(70));
    }

    private record Known(String user, Optional<String> ha1) implements Credentials {

        @Override
        public Optional<String> ha1(String realm) {
            return ha1;
        }

        @Override
        public void forget(String realm) {
            // nothing kept
        }
    }
}
