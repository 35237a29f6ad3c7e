package org.parley.sip.internal.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The MD5 digest arithmetic of RFC 2617 section 3.2.2. */
public final class Digest {

    private Digest() {
    }

    /** HA1 = MD5(user:realm:password); the password's bytes are wiped afterwards. */
    public static String ha1(String user, String realm, char[] password) {
        MessageDigest md5 = md5();
        md5.update((user + ":" + realm + ":").getBytes(StandardCharsets.UTF_8));
        ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[secret.remaining()];
        secret.get(bytes);
        md5.update(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (secret.hasArray()) {
            Arrays.fill(secret.array(), (byte) 0);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The response without qop (RFC 2069 compatibility): MD5(HA1:nonce:HA2). */
    public static String response(String ha1, String method, String digestUri, String nonce) {
        return hex(ha1 + ":" + nonce + ":" + ha2(method, digestUri));
    }

    /** The response with qop=auth: MD5(HA1:nonce:nc:cnonce:auth:HA2). */
    public static String response(String ha1, String method, String digestUri, String nonce, int nonceCount,
            String cnonce) {
        return hex(ha1 + ":" + nonce + ":" + nonceCount(nonceCount) + ":" + cnonce + ":auth:"
                + ha2(method, digestUri));
    }

    /** The nc value as sent: eight lower-case hex digits. */
    public static String nonceCount(int count) {
        return String.format("%08x", count);
    }

    private static String ha2(String method, String digestUri) {
        return hex(method + ":" + digestUri);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
