package org.parley.core.presence.watchers;

import java.util.List;

import org.parley.core.Address;

/**
 * The watchers of one account's own presence, and the user's consent to them. Registered once per
 * account whose provider serves subscriptions to the user's presence (e.g. a SIP account without a
 * presence server), with {@link org.parley.core.ServiceProperties#ACCOUNT_ID}. Which watchers are
 * let in without asking is the account's policy; the others wait as {@link WatcherState#PENDING}
 * until {@link #allow} or {@link #deny}. Thread-safe.
 */
public interface Watchers {

    /** The current watchers, pending and active, oldest first. */
    List<Watcher> list();

    /**
     * Lets {@code address} see the user's presence: its pending requests become active, and its
     * later requests are let in without asking while the account runs.
     *
     * @return whether a pending request of {@code address} was waiting
     */
    boolean allow(Address address);

    /**
     * Refuses {@code address}: its pending requests and active subscriptions end as rejected, and
     * its later requests are refused while the account runs.
     *
     * @return whether {@code address} was watching or waiting
     */
    boolean deny(Address address);
}
