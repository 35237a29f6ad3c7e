package org.parley.core.media;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SRTP key offer or answer as SDP Security Descriptions carry it (RFC 4568): the value of an
 * {@code a=crypto:} attribute, e.g. {@code 1 AES_CM_128_HMAC_SHA1_80 inline:<key and salt>}.
 *
 * @param tag           the number that pairs an answer with the offer it accepts (1 to 999999999)
 * @param suite         the crypto suite, e.g. {@code AES_CM_128_HMAC_SHA1_80}
 * @param keyParams     the key parameters, e.g. {@code inline:<base64 key and salt>[|lifetime][|MKI:length]}
 * @param sessionParams further session parameters, e.g. {@code KDR=1} or {@code UNENCRYPTED_SRTCP}
 */
public record SdesCrypto(int tag, String suite, String keyParams, Optional<String> sessionParams) {

    private static final Pattern ATTRIBUTE = Pattern.compile("(\\d{1,9})\\s+([A-Za-z0-9_]+)\\s+(\\S+)(?:\\s+(.+))?");

    public SdesCrypto {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(keyParams, "keyParams");
        Objects.requireNonNull(sessionParams, "sessionParams");
        if (tag < 1 || suite.isBlank() || !keyParams.contains(":")) {
            throw new IllegalArgumentException("An SDES crypto attribute needs a tag >= 1, a suite and key parameters"
                    + " (method:value): " + tag + " " + suite + " " + keyParams);
        }
    }

    /**
     * Reads the value of an {@code a=crypto:} attribute (without {@code a=crypto:}).
     *
     * @throws IllegalArgumentException if it is not {@code <tag> <suite> <key-params> [<session-params>]}
     */
    public static SdesCrypto parse(String value) {
        Matcher matcher = ATTRIBUTE.matcher(value.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Malformed crypto attribute: " + value);
        }
        return new SdesCrypto(Integer.parseInt(matcher.group(1)), matcher.group(2), matcher.group(3),
                Optional.ofNullable(matcher.group(4)).map(String::strip));
    }

    /** The attribute's value as SDP writes it after {@code a=crypto:}. */
    public String value() {
        return tag + " " + suite + " " + keyParams + sessionParams.map(params -> " " + params).orElse("");
    }

    /** Keys are secrets: they are left out, so that a logged record gives nothing away. */
    @Override
    public String toString() {
        return tag + " " + suite + " inline:…" + sessionParams.map(params -> " " + params).orElse("");
    }
}
