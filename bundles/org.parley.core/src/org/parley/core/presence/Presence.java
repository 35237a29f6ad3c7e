package org.parley.core.presence;

import java.util.Optional;

import org.parley.core.Address;

/**
 * Presence for one account: the user's own status and their contacts'. Registered once per
 * account with {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code presence}.
 */
public interface Presence {

    /** Tells the network the user's status; returns at once. */
    void publish(PresenceStatus status);

    /** The status last published. */
    PresenceStatus ownStatus();

    /** Starts watching a contact's presence; changes arrive as {@link PresenceEvent}s. */
    void watch(Address contact);

    /** Stops watching a contact. */
    void unwatch(Address contact);

    /** The contact's last known status, if they are watched and something is known. */
    Optional<PresenceStatus> statusOf(Address contact);
}
