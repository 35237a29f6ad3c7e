package org.parley.core.account;

import java.util.Objects;

/**
 * The stable identity of an account, chosen when it is created (for example {@code work} or
 * {@code local}) and used as the {@link org.parley.core.ServiceProperties#ACCOUNT_ID} property.
 *
 * @param value letters, digits, dot, dash and underscore; never blank
 */
public record AccountId(String value) {

    /** @throws IllegalArgumentException if the value is blank or has other characters */
    public AccountId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "An account id uses letters, digits, '.', '-' and '_' only: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
