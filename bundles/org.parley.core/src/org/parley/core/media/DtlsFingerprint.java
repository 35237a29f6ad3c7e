package org.parley.core.media;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The fingerprint of a DTLS certificate as SDP carries it (RFC 8122, used by DTLS-SRTP, RFC 5763):
 * the value of an {@code a=fingerprint:} attribute, e.g. {@code sha-256 4A:AD:B9:…}. The far end's
 * certificate in the DTLS handshake must match the fingerprint its SDP gave.
 *
 * @param hashFunction the hash function, lower case, e.g. {@code sha-256}
 * @param value        the hash as upper-case hex byte pairs separated by colons
 */
public record DtlsFingerprint(String hashFunction, String value) {

    private static final Pattern HASH_FUNCTION = Pattern.compile("[a-z0-9-]{1,16}");
    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2}){15,63}");

    public DtlsFingerprint {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(value, "value");
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
        if (!HASH_FUNCTION.matcher(hashFunction).matches() || !HEX_PAIRS.matcher(value).matches()) {
            throw new IllegalArgumentException("A DTLS fingerprint needs a hash function and 16 to 64 hex byte pairs"
                    + " separated by colons: " + hashFunction + " " + value);
        }
    }

    /**
     * Reads the value of an {@code a=fingerprint:} attribute (without {@code a=fingerprint:}).
     *
     * @throws IllegalArgumentException if it is not {@code <hash function> <hex pairs>}
     */
    public static DtlsFingerprint parse(String attribute) {
        String[] fields = attribute.strip().split("\\s+");
        if (fields.length != 2) {
            throw new IllegalArgumentException("Malformed fingerprint attribute: " + attribute);
        }
        return new DtlsFingerprint(fields[0], fields[1]);
    }

    /** The attribute's value as SDP writes it after {@code a=fingerprint:}. */
    public String attribute() {
        return hashFunction + " " + value;
    }
}
