package org.parley.sip.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The re-INVITEs a call sends in its dialog, one at a time (RFC 3261 14.1): one wanted while
 * another is pending goes after it, and one the far end refuses with 491 Request Pending (both
 * sides sent theirs at once) is sent again after a random delay: 2.1 to 4 s for the side that
 * owns the Call-ID, 0 to 2 s for the other, in steps of 10 ms, so that the two retries do not
 * collide again. Runs on the account's executor.
 */
final class OwnReinvites {

    private static final long OWNER_MIN_MILLIS = 2100;
    private static final long OWNER_SPREAD_MILLIS = 1900;
    private static final long OTHER_SPREAD_MILLIS = 2000;

    private final ScheduledExecutorService executor;
    private final boolean ownsCallId;
    private final BooleanSupplier send;
    private boolean pending;
    private boolean again;
    private boolean retryScheduled;

    /**
     * @param ownsCallId whether this side sent the dialog's first INVITE
     * @param send       sends a re-INVITE for what the call wants now; false if it could not or
     *                   need not be sent (the call ended)
     */
    OwnReinvites(ScheduledExecutorService executor, boolean ownsCallId, BooleanSupplier send) {
        this.executor = executor;
        this.ownsCallId = ownsCallId;
        this.send = send;
    }

    /** Whether one of ours awaits its final response: a re-INVITE from the far end now gets 491. */
    boolean pending() {
        return pending;
    }

    /** The call wants a re-INVITE: sent now, or after the pending one, or by the scheduled retry. */
    void request() {
        if (pending) {
            again = true;
        } else if (!retryScheduled) {
            pending = send.getAsBoolean();
        }
    }

    /** Ours got its final response (other than 491) or failed: a wish that came meanwhile goes now. */
    void completed() {
        pending = false;
        if (again) {
            again = false;
            request();
        }
    }

    /** Ours was refused with 491: it goes again, with what is wanted then, after the random delay. */
    void refusedAsPending() {
        pending = false;
        again = false;
        retryScheduled = true;
        executor.schedule(() -> {
            retryScheduled = false;
            request();
        }, retryDelayMillis(), TimeUnit.MILLISECONDS);
    }

    private long retryDelayMillis() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ownsCallId ? OWNER_MIN_MILLIS + random.nextLong(OWNER_SPREAD_MILLIS / 10 + 1) * 10
                : random.nextLong(OTHER_SPREAD_MILLIS / 10 + 1) * 10;
    }
}
