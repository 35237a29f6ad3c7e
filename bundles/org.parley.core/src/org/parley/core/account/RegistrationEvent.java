package org.parley.core.account;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's registration changed from {@code previous} to {@code current} at {@code at}.
 */
public record RegistrationEvent(AccountId account, RegistrationState previous, RegistrationState current,
        Instant at) {

    public RegistrationEvent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
    }
}
