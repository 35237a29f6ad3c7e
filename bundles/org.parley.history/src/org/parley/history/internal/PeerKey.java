package org.parley.history.internal;

import java.util.Locale;

import org.parley.core.Address;

/**
 * What makes two addresses the same conversation partner: the scheme and host in lower case,
 * without URI parameters or headers, so {@code SIP:bob@Example.org;transport=tcp} and
 * {@code sip:bob@example.org} are one conversation. The user part and the port stay as they are.
 */
final class PeerKey {

    private PeerKey() {
    }

    static String of(Address address) {
        String rest = address.schemeSpecificPart();
        int end = rest.length();
        for (char separator : new char[] { ';', '?', '>' }) {
            int index = rest.indexOf(separator);
            if (index >= 0) {
                end = Math.min(end, index);
            }
        }
        rest = rest.substring(0, end);
        int at = rest.lastIndexOf('@');
        String user = at >= 0 ? rest.substring(0, at + 1) : "";
        String host = rest.substring(at + 1).toLowerCase(Locale.ROOT);
        return address.scheme() + ":" + user + host;
    }
}
