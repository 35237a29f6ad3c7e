package org.parley.core.telephony;

import java.util.Objects;

/**
 * Identifies one call for as long as the suite runs (for SIP, derived from the dialog).
 *
 * @param value never blank
 */
public record CallId(String value) {

    public CallId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A call id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
