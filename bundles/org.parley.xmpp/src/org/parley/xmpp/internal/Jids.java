package org.parley.xmpp.internal;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parley.core.Address;

/** Parley's addresses ({@code xmpp:alice@example.org}, RFC 5122) as JIDs and back. */
final class Jids {

    private Jids() {
    }

    /** The bare JID of an address; anything but an {@code xmpp:} address with a user is refused. */
    static BareJid of(Address address) {
        if (!address.scheme().equals("xmpp")) {
            throw new IllegalArgumentException("Not an XMPP address: " + address);
        }
        String part = address.schemeSpecificPart();
        if (part.startsWith("//")) {
            part = part.substring(2);
        }
        int query = part.indexOf('?');
        if (query >= 0) {
            part = part.substring(0, query);
        }
        try {
            BareJid jid = JidCreate.bareFrom(part);
            if (!jid.hasLocalpart()) {
                throw new IllegalArgumentException("An XMPP address names a user: " + address);
            }
            return jid;
        } catch (XmppStringprepException wrong) {
            throw new IllegalArgumentException("Not a valid XMPP address: " + address + " (" + wrong.getMessage() + ")");
        }
    }

    static Address address(BareJid jid) {
        return new Address("xmpp:" + jid);
    }
}
