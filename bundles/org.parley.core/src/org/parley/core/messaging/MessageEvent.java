package org.parley.core.messaging;

import java.time.Instant;
import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/** Something that happened in a conversation. Delivered to {@link MessageListener} services. */
public sealed interface MessageEvent {

    /** The account it happened on. */
    AccountId account();

    /** The other party of the conversation. */
    Address peer();

    /** When it happened. */
    Instant at();

    /** A message arrived from {@code peer}. */
    record Received(AccountId account, Address peer, MessageId message, String text, Instant at)
            implements MessageEvent {
        public Received {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The user sent {@code text} to {@code peer}: it is stored and on its way (state
     * {@link DeliveryState.Sending}); {@link DeliveryChanged} events follow for the same message.
     */
    record Sent(AccountId account, Address peer, MessageId message, String text, Instant at)
            implements MessageEvent {
        public Sent {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A message sent to {@code peer} reached a new {@link DeliveryState}. */
    record DeliveryChanged(AccountId account, Address peer, MessageId message, DeliveryState state, Instant at)
            implements MessageEvent {
        public DeliveryChanged {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(state, "state");
        }
    }

    /** {@code peer} started or stopped typing. */
    record Composing(AccountId account, Address peer, boolean typing, Instant at) implements MessageEvent {
    }
}
