package org.parley.core.presence;

import java.util.Optional;

import org.parley.core.Address;

/**
 * Presence for one account: the user's own status and their contacts'. Registered once per
 * account with {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code presence}.
 */
public interface Presence {

    /**
     * Tells the network the user's status; returns at once. A provider that follows the
     * account's calls shows {@link Availability#ON_THE_PHONE} (with this status's note) instead
     * while a call is up, and this status once the last call ends.
     */
    void publish(PresenceStatus status);

    /** The status others see now: the one last published, or on the phone while a call is up. */
    PresenceStatus ownStatus();

    /** Starts watching a contact's presence; changes arrive as {@link PresenceEvent}s. */
    void watch(Address contact);

    /** Stops watching a contact. */
    void unwatch(Address contact);

    /** The contact's last known status, if they are watched and something is known. */
    Optional<PresenceStatus> statusOf(Address contact);
}
