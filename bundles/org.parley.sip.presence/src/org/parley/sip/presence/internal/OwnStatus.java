package org.parley.sip.presence.internal;

import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/**
 * The status the network sees for the user: the one they chose, except that while a call is up
 * it says {@link Availability#ON_THE_PHONE} with their note. A user who chose to appear offline
 * stays offline: a call does not reveal them.
 */
record OwnStatus(PresenceStatus chosen, boolean onThePhone) {

    /** The status to publish and to notify watchers of. */
    PresenceStatus shown() {
        if (!onThePhone || chosen.availability() == Availability.OFFLINE) {
            return chosen;
        }
        return new PresenceStatus(Availability.ON_THE_PHONE, chosen.note());
    }

    OwnStatus choose(PresenceStatus status) {
        return new OwnStatus(status, onThePhone);
    }

    OwnStatus onThePhone(boolean up) {
        return new OwnStatus(chosen, up);
    }
}
