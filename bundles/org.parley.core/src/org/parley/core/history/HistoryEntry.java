package org.parley.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.core.telephony.CallDirection;

/** One remembered call or message. */
public sealed interface HistoryEntry {

    /** The account it happened on. */
    AccountId account();

    /** The other party. */
    Address peer();

    /** When it started. */
    Instant at();

    /**
     * A past call.
     *
     * @param duration how long it was connected; zero if it never was
     * @param outcome  how it ended
     */
    record CallRecord(AccountId account, Address peer, CallDirection direction, Instant at, Duration duration,
            CallOutcome outcome) implements HistoryEntry {
        public CallRecord {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * A message, sent or received.
     *
     * @param outgoing whether the user sent it
     * @param delivery its delivery state (for received messages always delivered)
     */
    record MessageRecord(AccountId account, Address peer, MessageId message, boolean outgoing, String text,
            Instant at, DeliveryState delivery) implements HistoryEntry {
        public MessageRecord {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(delivery, "delivery");
        }
    }

    /** How a remembered call ended. */
    enum CallOutcome {
        /** It was answered. */
        ANSWERED,
        /** An incoming call nobody answered. */
        MISSED,
        /** Refused by either side. */
        REJECTED,
        /** It failed before being answered. */
        FAILED
    }
}
