package org.parley.core.telephony;

import java.time.Instant;
import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;

/** Something that happened to a call. Delivered to {@link CallListener} services. */
public sealed interface CallEvent {

    /** The account the call belongs to. */
    AccountId account();

    /** The call. */
    CallId call();

    /** The other party. */
    Address peer();

    /** When it happened. */
    Instant at();

    /** A new call appeared: placed by the user or arriving from the network. */
    record Started(AccountId account, CallId call, Address peer, CallDirection direction, Instant at)
            implements CallEvent {
        public Started {
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** The call moved from {@code previous} to {@code current}, which is not {@link CallState#ENDED}. */
    record StateChanged(AccountId account, CallId call, Address peer, CallState previous, CallState current,
            Instant at) implements CallEvent {
        public StateChanged {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }

    /**
     * The call is over.
     *
     * @param reason why
     * @param detail what the network said, e.g. {@code 486 Busy Here}; may be empty
     */
    record Ended(AccountId account, CallId call, Address peer, EndReason reason, String detail, Instant at)
            implements CallEvent {
        public Ended {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The far end sent a keypad tone (RFC 4733 event or SIP INFO). */
    record DtmfReceived(AccountId account, CallId call, Address peer, char digit, Instant at) implements CallEvent {
    }

    /**
     * How the call's media is secured changed: ZRTP finished (or gave up) agreeing keys, or the
     * user marked its short authentication string verified.
     */
    record SecurityChanged(AccountId account, CallId call, Address peer, MediaSecurity security, Instant at)
            implements CallEvent {
        public SecurityChanged {
            Objects.requireNonNull(security, "security");
        }
    }

    /**
     * The call's video changed: it was added or removed (by either side's re-INVITE), or its direction
     * changed.
     *
     * @param video which way pictures flow now; {@link MediaDirection#INACTIVE} when the call has no
     *              video (any more)
     */
    record VideoChanged(AccountId account, CallId call, Address peer, MediaDirection video, Instant at)
            implements CallEvent {
        public VideoChanged {
            Objects.requireNonNull(video, "video");
        }
    }

    /** Why a call ended. */
    enum EndReason {
        /** The user hung up or cancelled. */
        LOCAL_HANGUP,
        /** The other party hung up. */
        REMOTE_HANGUP,
        /** The other party was busy or declined. */
        REJECTED,
        /** Nobody answered in time. */
        NO_ANSWER,
        /** The call was handed to somebody else. */
        TRANSFERRED,
        /** The network or the media failed. */
        FAILED
    }
}
