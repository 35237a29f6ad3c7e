package org.parley.core.messaging;

import java.util.Objects;

/** What became of a message the user sent. */
public sealed interface DeliveryState {

    /** Stored and on its way; no answer yet. */
    record Sending() implements DeliveryState {
    }

    /** The server or the peer accepted it. */
    record Delivered() implements DeliveryState {
    }

    /**
     * It did not arrive; it can be sent again.
     *
     * @param reason what went wrong, in words a user understands, e.g. {@code 480 Temporarily Unavailable}
     */
    record Failed(String reason) implements DeliveryState {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
