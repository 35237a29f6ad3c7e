package org.parley.ui.internal.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an XMPP account's settings as the user types them, with messages the user understands.
 * Every check returns the problem, or nothing when the text is fine; none touches a service.
 */
public final class XmppValidation {

    private static final int MAX_PART = 1023;

    private XmppValidation() {
    }

    /** The first problem of {@code values}, in the order the dialog shows the fields; empty when it can be saved. */
    public static Optional<String> problem(XmppAccountValues values, Set<String> idsTaken) {
        return address(values.address())
                .or(() -> AccountValidation.hostPort("server", values.server()))
                .or(() -> AccountValidation.accountId(values.accountId(), idsTaken))
                .or(() -> resource(values.resource()));
    }

    /** {@code alice@example.org} of what the user typed: trimmed, without {@code xmpp:}. */
    public static String bareJid(String typed) {
        String text = typed.strip();
        return text.regionMatches(true, 0, "xmpp:", 0, 5) ? text.substring(5) : text;
    }

    /** The user name of a JID ({@code alice} of {@code alice@example.org}), or empty. */
    public static String localPart(String typed) {
        String jid = bareJid(typed);
        int at = jid.indexOf('@');
        return at < 0 ? "" : jid.substring(0, at);
    }

    /** The domain of a JID ({@code example.org} of {@code alice@example.org}), or empty. */
    public static String domain(String typed) {
        String jid = bareJid(typed);
        int at = jid.indexOf('@');
        return at < 0 ? "" : jid.substring(at + 1);
    }

    /** The address: a bare JID, {@code user@domain}, with or without {@code xmpp:}. */
    public static Optional<String> address(String typed) {
        String jid = bareJid(typed);
        if (jid.isEmpty()) {
            return Optional.of("Enter your XMPP address (JID), for example alice@example.org.");
        }
        if (jid.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("An XMPP address has no spaces.");
        }
        if (jid.toLowerCase(Locale.ROOT).startsWith("sip:") || jid.toLowerCase(Locale.ROOT).startsWith("sips:")) {
            return Optional.of("This is a SIP address: choose SIP as the network, or enter a JID such as alice@example.org.");
        }
        if (jid.contains("/")) {
            return Optional.of("Leave out the '/' and what follows: Parley names its session itself (Advanced settings).");
        }
        int at = jid.indexOf('@');
        if (at < 0) {
            return Optional.of("An XMPP address is user@domain, for example alice@example.org.");
        }
        if (at == 0) {
            return Optional.of("The XMPP address needs a user name before the @.");
        }
        String local = jid.substring(0, at);
        String domain = jid.substring(at + 1);
        if (domain.isEmpty()) {
            return Optional.of("The XMPP address needs a domain after the @.");
        }
        if (domain.contains("@")) {
            return Optional.of("An XMPP address has one @ only.");
        }
        if (local.chars().anyMatch(c -> "\"&'/:<>".indexOf(c) >= 0)) {
            return Optional.of("The user name of an XMPP address cannot contain \" & ' / : < or >.");
        }
        if (local.length() > MAX_PART) {
            return Optional.of("The user name of the XMPP address is too long.");
        }
        if (domain.contains(":")) {
            return Optional.of("An XMPP address has no port: write the port in the Server field.");
        }
        return AccountValidation.hostPortProblem("the XMPP address", domain);
    }

    /** The resource: the session's name, not empty, without '/'. */
    public static Optional<String> resource(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return Optional.of("Enter a name for this session (the resource), such as parley.");
        }
        if (text.length() > MAX_PART) {
            return Optional.of("The session name (resource) is too long.");
        }
        return Optional.empty();
    }
}
