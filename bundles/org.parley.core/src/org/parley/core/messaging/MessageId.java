package org.parley.core.messaging;

import java.util.Objects;

/**
 * Identifies one message, sent or received, across restarts (it is the key in the history).
 *
 * @param value never blank
 */
public record MessageId(String value) {

    public MessageId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A message id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
