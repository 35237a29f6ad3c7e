package org.parley.ui.internal.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a SIP account's settings as the user types them, with messages the user understands.
 * Every check returns the problem, or nothing when the text is fine; none touches a service.
 */
public final class AccountValidation {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern HOST_NAME = Pattern
            .compile("([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    private AccountValidation() {
    }

    /**
     * The first problem of {@code values}, in the order the dialog shows the fields; empty when
     * the account can be saved.
     *
     * @param idsTaken the ids of the other accounts (not the one being edited)
     */
    public static Optional<String> problem(AccountValues values, Set<String> idsTaken) {
        return address(values.address())
                .or(() -> hostPort("server", values.server()))
                .or(() -> transport(values.transport(), values.address()))
                .or(() -> accountId(values.accountId(), idsTaken))
                .or(() -> hostPort("outbound proxy", values.outboundProxy()))
                .or(() -> expiry(values.expiry()))
                .or(() -> hostPort("STUN server", values.stunServer()));
    }

    /**
     * The address as it is stored: trimmed, with {@code sip:} added to {@code user@host} and the
     * scheme in lower case.
     */
    public static String completedAddress(String typed) {
        String address = typed.strip();
        var scheme = SCHEME.matcher(address);
        if (scheme.find() && !address.substring(0, scheme.end()).contains(".")) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            return name + ":" + address.substring(scheme.end());
        }
        return "sip:" + address;
    }

    /** Whether {@code typed} is a {@code sips:} address (always reached over TLS). */
    public static boolean isSips(String typed) {
        return typed.strip().toLowerCase(Locale.ROOT).startsWith("sips:");
    }

    /** The user part of a SIP address ({@code alice} of {@code sip:alice@example.org}), or empty. */
    public static String userPart(String typed) {
        String userAtHost = userAtHost(completedAddress(typed));
        int at = userAtHost.lastIndexOf('@');
        return at < 0 ? "" : userAtHost.substring(0, at);
    }

    /** The domain of a SIP address, port included ({@code example.org} of {@code sip:alice@example.org}), or empty. */
    public static String domain(String typed) {
        String userAtHost = userAtHost(completedAddress(typed));
        int at = userAtHost.lastIndexOf('@');
        return at < 0 ? "" : userAtHost.substring(at + 1);
    }

    /**
     * An account id for an address: its user part made of allowed characters, with {@code -2},
     * {@code -3} … added when another account has it already; empty without a user part.
     */
    public static String suggestedId(String address, Set<String> idsTaken) {
        return idForUser(userPart(address), idsTaken);
    }

    /**
     * An account id for a user name: its allowed characters (others become '_'), with {@code -2},
     * {@code -3} … added when another account has it already; empty for an empty name.
     */
    public static String idForUser(String user, Set<String> idsTaken) {
        String base = user.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.chars().allMatch(c -> c == '_')) {
            return "";
        }
        String id = base;
        for (int n = 2; idsTaken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** The SIP address: {@code sip:} or {@code sips:user@host[:port]}, or {@code user@host}. */
    public static Optional<String> address(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return Optional.of("Enter your SIP address, for example alice@example.org.");
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("A SIP address has no spaces.");
        }
        String address = completedAddress(text);
        String scheme = address.substring(0, address.indexOf(':'));
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.of("A SIP address starts with sip: or sips:, not " + scheme + ":.");
        }
        String userAtHost = userAtHost(address);
        int at = userAtHost.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("A SIP address is user@domain, for example alice@example.org.");
        }
        if (at == 0) {
            return Optional.of("The SIP address needs a user name before the @.");
        }
        if (at == userAtHost.length() - 1) {
            return Optional.of("The SIP address needs a domain after the @.");
        }
        return hostPortProblem("the SIP address", userAtHost.substring(at + 1));
    }

    /**
     * A {@code host[:port]} setting such as the server; empty is fine (the setting is optional).
     *
     * @param what the setting's name as the user sees it, e.g. {@code server}
     */
    public static Optional<String> hostPort(String what, String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("The " + what + " has no spaces: write it as host or host:port.");
        }
        if (text.regionMatches(true, 0, "sip:", 0, 4) || text.regionMatches(true, 0, "sips:", 0, 5)) {
            return Optional.of("Write the " + what + " as host or host:port, without sip:.");
        }
        return hostPortProblem("the " + what, text);
    }

    /** The transport: UDP, TCP or TLS; a {@code sips:} address takes TLS only. */
    public static Optional<String> transport(String transport, String address) {
        String name = transport.strip().toUpperCase(Locale.ROOT);
        if (!name.equals("UDP") && !name.equals("TCP") && !name.equals("TLS")) {
            return Optional.of("Choose UDP, TCP or TLS as the transport.");
        }
        if (isSips(address) && !name.equals("TLS")) {
            return Optional.of("A sips: address is always reached over TLS: choose TLS as the transport.");
        }
        return Optional.empty();
    }

    /** The registration expiry: a whole number of seconds, at least 30 (the SIP provider's minimum). */
    public static Optional<String> expiry(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return Optional.of("Enter the registration expiry in seconds (600 is usual).");
        }
        if (!text.chars().allMatch(Character::isDigit)) {
            return Optional.of(text.startsWith("-") || text.equals("0")
                    ? "The registration expiry must be a positive number of seconds."
                    : "The registration expiry is a whole number of seconds, such as 600.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            seconds = Long.MAX_VALUE;
        }
        if (seconds <= 0) {
            return Optional.of("The registration expiry must be a positive number of seconds.");
        }
        if (seconds < 30) {
            return Optional.of("The registration expiry must be at least 30 seconds.");
        }
        if (seconds > Integer.MAX_VALUE) {
            return Optional.of("The registration expiry is too long; 600 seconds is usual.");
        }
        return Optional.empty();
    }

    /** The account id: letters, digits, '.', '-' and '_', and no other account's. */
    public static Optional<String> accountId(String typed, Set<String> idsTaken) {
        String id = typed.strip();
        if (id.isEmpty()) {
            return Optional.of("Enter an account id (letters, digits, '.', '-' and '_').");
        }
        if (!ACCOUNT_ID.matcher(id).matches()) {
            return Optional.of("An account id has only letters, digits, '.', '-' and '_'.");
        }
        if (idsTaken.contains(id)) {
            return Optional.of("Another account has the id '" + id + "': choose another one.");
        }
        return Optional.empty();
    }

    /** {@code user@host[:port]} of {@code scheme:user@host[:port][;parameters][?headers]}. */
    private static String userAtHost(String address) {
        String rest = address.substring(address.indexOf(':') + 1);
        int end = rest.length();
        for (char stop : new char[] { ';', '?' }) {
            int at = rest.indexOf(stop, rest.lastIndexOf('@') + 1);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return rest.substring(0, end);
    }

    /** {@code host[:port]}, the host a name, an IPv4 address or an IPv6 address in brackets. */
    static Optional<String> hostPortProblem(String where, String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.of("An IPv6 address for " + where + " ends with ']'.");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Optional.of("Only a port may follow the IPv6 address for " + where + ", as in [::1]:5060.");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            if (!IPV6.matcher(host).matches()) {
                return Optional.of("'" + host + "' is not a valid IPv6 address for " + where + ".");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0) {
                if (text.indexOf(':', colon + 1) >= 0) {
                    return Optional.of("Write an IPv6 address for " + where + " in brackets, as in [2001:db8::1].");
                }
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (host.isEmpty()) {
                return Optional.of("A host name is missing for " + where + " before the ':'.");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                return Optional.of("'" + host + "' is not a valid host name for " + where + ".");
            }
        }
        if (port != null && !validPort(port)) {
            return Optional.of("The port of " + where + " must be a number from 1 to 65535.");
        }
        return Optional.empty();
    }

    private static boolean validPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }
}
