package org.parley.core.presence;

import java.time.Instant;
import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/** A contact's presence, as seen through {@code account}, became {@code status} at {@code at}. */
public record PresenceEvent(AccountId account, Address contact, PresenceStatus status, Instant at) {

    public PresenceEvent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
