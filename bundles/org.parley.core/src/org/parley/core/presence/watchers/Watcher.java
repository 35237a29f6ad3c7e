package org.parley.core.presence.watchers;

import java.time.Instant;
import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * Somebody who watches, or asks to watch, the presence of the user's {@code account}.
 *
 * @param account the account whose presence is watched
 * @param address who watches, e.g. {@code sip:alice@example.org}
 * @param state   whether they see the user's status yet
 * @param since   when they asked
 */
public record Watcher(AccountId account, Address address, WatcherState state, Instant since) {

    public Watcher {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
