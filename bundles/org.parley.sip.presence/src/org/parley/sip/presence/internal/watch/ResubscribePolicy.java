package org.parley.sip.presence.internal.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides what follows the end of a presence subscription, as RFC 6665 section 4.1.3 asks:
 * {@code deactivated} and {@code timeout} resubscribe at once (but back off when the subscription
 * before ended so too without living to its first refresh: a notifier that ends every subscription
 * at once is not hammered), {@code probation} and
 * {@code giveup} after the notifier's retry-after (else a back-off), {@code rejected} and
 * {@code noresource} stop. Failed SUBSCRIBEs (no answer, 5xx, 408) back off exponentially from
 * {@value #FIRST_RETRY_SECONDS} s up to {@value #LAST_RETRY_SECONDS} s; refusals (403, 404) stop;
 * a notifier without presence (489) is asked again after {@value #LAST_RETRY_SECONDS} s. One instance per watched contact: it counts the failures in a row.
 */
public final class ResubscribePolicy {

    static final int FIRST_RETRY_SECONDS = 5;
    static final int LAST_RETRY_SECONDS = 600;

    private int failuresInARow;
    private int quickEndsInARow;

    /** A subscription became active: the back-off starts from the beginning next time. */
    public void succeeded() {
        failuresInARow = 0;
    }

    /** A subscription lived to be refreshed: its end, when it comes, is no sign of a loop. */
    public void refreshed() {
        quickEndsInARow = 0;
    }

    /** The notifier ended the subscription (a NOTIFY with Subscription-State terminated). */
    public NextStep terminated(SubscriptionState.Terminated terminated) {
        return switch (terminated.reason()) {
            case "rejected" -> new NextStep.GiveUp("the contact refused the subscription");
            case "noresource" -> new NextStep.GiveUp("the server knows no such contact");
            case "deactivated", "timeout", "" -> new NextStep.ResubscribeAfter(quickEndsInARow++ == 0 ? Duration.ZERO : backOff());
            default -> new NextStep.ResubscribeAfter(terminated.retryAfter().orElseGet(this::backOff));
        };
    }

    /**
     * A SUBSCRIBE (initial or refresh) failed: {@code status} is its final response status, or
     * empty when none came.
     */
    public NextStep failed(Optional<Integer> status, Optional<Duration> retryAfter) {
        if (status.isPresent()) {
            int code = status.get();
            if (code == 403 || code == 603) {
                return new NextStep.GiveUp("the contact or the server refused the subscription (" + code + ")");
            }
            if (code == 404 || code == 604) {
                return new NextStep.GiveUp("the server knows no such contact (" + code + ")");
            }
            if (code == 489) {
                // no presence there now; a peer may start offering it (a bundle installed later)
                return new NextStep.ResubscribeAfter(retryAfter.orElse(Duration.ofSeconds(LAST_RETRY_SECONDS)));
            }
            if (code == 481) {
                // the notifier forgot the subscription: a new one, not a refresh
                return new NextStep.ResubscribeAfter(Duration.ZERO);
            }
        }
        return new NextStep.ResubscribeAfter(retryAfter.orElseGet(this::backOff));
    }

    private Duration backOff() {
        long seconds = Math.min(LAST_RETRY_SECONDS, FIRST_RETRY_SECONDS * (1L << Math.min(failuresInARow, 10)));
        failuresInARow++;
        return Duration.ofSeconds(seconds);
    }

    /** When to refresh a subscription the notifier granted for {@code granted}: a bit before it expires. */
    public static Duration refreshAfter(Duration granted) {
        long seconds = granted.toSeconds();
        return Duration.ofSeconds(seconds <= 64 ? Math.max(1, seconds / 2) : seconds - 32);
    }
}
