package org.parley.xmpp.internal;

import java.util.Optional;

import org.jivesoftware.smack.packet.Presence;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/** Parley's presence statuses as XMPP presence (RFC 6121 show values) and back. */
final class Statuses {

    private Statuses() {
    }

    /** The show value for an availability; empty for offline (unavailable presence). */
    static Optional<Presence.Mode> mode(Availability availability) {
        return switch (availability) {
            case AVAILABLE, UNKNOWN -> Optional.of(Presence.Mode.available);
            case AWAY -> Optional.of(Presence.Mode.away);
            case ON_THE_PHONE, BUSY, DO_NOT_DISTURB -> Optional.of(Presence.Mode.dnd);
            case OFFLINE -> Optional.empty();
        };
    }

    /** What a contact's presence says. */
    static PresenceStatus of(Presence presence) {
        if (presence.getType() != Presence.Type.available) {
            return PresenceStatus.of(Availability.OFFLINE);
        }
        Availability availability = switch (presence.getMode() == null ? Presence.Mode.available : presence.getMode()) {
            case available, chat -> Availability.AVAILABLE;
            case away, xa -> Availability.AWAY;
            case dnd -> Availability.BUSY;
        };
        return new PresenceStatus(availability, Optional.ofNullable(presence.getStatus()));
    }
}
