package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.parley.sip.internal.auth.Digest;

/** The digest arithmetic against the known answers of RFC 2617 section 3.5. */
class DigestTest {

    private static final String HA1 = "939e7578ed9e3c518a452acee763bce9";

    @Test
    void ha1OfTheRfcExampleIsItsKnownAnswer() {
        assertEquals(HA1, Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life".toCharArray()));
    }

    @Test
    void ha1ReadsThePasswordAsUtf8() {
        assertEquals(md5("alice:example.org:p\u00e4ssword"),
                Digest.ha1("alice", "example.org", "p\u00e4ssword".toCharArray()));
    }

    @Test
    void responseWithQopAuthIsTheRfcKnownAnswer() {
        assertEquals("6629fae49393a05397450978507c4ef1", Digest.response(HA1, "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", 1, "0a4f113b"));
    }

    @Test
    void responseWithoutQopIsMd5OfHa1NonceAndHa2() {
        // RFC 2069: MD5(HA1:nonce:MD5(method:uri)); HA2 of GET:/dir/index.html is 39aff3a2bab6126f332b942af96d3366
        assertEquals(md5(HA1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:39aff3a2bab6126f332b942af96d3366"),
                Digest.response(HA1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093"));
    }

    @Test
    void nonceCountIsEightLowerCaseHexDigits() {
        assertEquals("00000001", Digest.nonceCount(1));
        assertEquals("0000001a", Digest.nonceCount(26));
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
