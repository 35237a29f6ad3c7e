package org.parley.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a person or service can be reached: a URI such as {@code sip:alice@example.org},
 * {@code sips:bob@example.org:5061} or {@code tel:+4930123456}.
 *
 * <p>The value is kept as the user wrote it (after trimming); the scheme is compared
 * case-insensitively. Addresses without a scheme are completed with a default scheme by
 * {@link #parse(String, String)}, which is what a dial field or a console command uses.
 *
 * @param uri the address as a URI string, never blank, always with a scheme
 */
public record Address(String uri) {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.+");

    /**
     * Creates an address from a URI that already carries its scheme.
     *
     * @throws IllegalArgumentException if the URI is blank, contains white space or has no scheme
     */
    public Address {
        Objects.requireNonNull(uri, "uri");
        uri = uri.strip();
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("An address must not be empty");
        }
        if (uri.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("An address must not contain spaces: '" + uri + "'");
        }
        if (!SCHEME.matcher(uri).matches()) {
            throw new IllegalArgumentException("An address needs a scheme such as sip: '" + uri + "'");
        }
    }

    /**
     * Reads what a person typed: {@code alice@example.org} becomes {@code <defaultScheme>:alice@example.org},
     * an input that has a scheme already is taken as it is.
     *
     * @param text          what was typed
     * @param defaultScheme the scheme to add when none is given, e.g. {@code sip}
     * @return the address
     * @throws IllegalArgumentException if the text is not a usable address
     */
    public static Address parse(String text, String defaultScheme) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        return new Address(SCHEME.matcher(trimmed).matches() && !looksLikeHostAndPort(trimmed)
                ? trimmed
                : defaultScheme + ":" + trimmed);
    }

    /** The scheme in lower case, e.g. {@code sip}. */
    public String scheme() {
        return uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** Everything after the scheme, e.g. {@code alice@example.org:5060;transport=tcp}. */
    public String schemeSpecificPart() {
        return uri.substring(uri.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return uri;
    }

    /** {@code example.org:5060} parses as scheme "example.org", which is not what anybody meant. */
    private static boolean looksLikeHostAndPort(String text) {
        int colon = text.indexOf(':');
        String head = text.substring(0, colon);
        String tail = text.substring(colon + 1);
        return head.contains(".") || head.contains("@") || (!tail.isEmpty() && tail.chars().allMatch(Character::isDigit));
    }
}
