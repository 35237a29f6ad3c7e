package org.parley.sip.presence.internal.watch;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The Subscription-State header of a NOTIFY (RFC 6665 section 8.2.3): active or pending with the
 * time left, or terminated with a reason and perhaps when to try again.
 */
public sealed interface SubscriptionState {

    /** The subscription runs; {@code expires} is the time the notifier grants, if it said. */
    record Active(Optional<Duration> expires) implements SubscriptionState {
    }

    /** The notifier has not decided yet (e.g. waits for the contact's consent). */
    record Pending(Optional<Duration> expires) implements SubscriptionState {
    }

    /** The subscription is over, for {@code reason} (lower case, may be empty). */
    record Terminated(String reason, Optional<Duration> retryAfter) implements SubscriptionState {
    }

    /**
     * Reads a header value such as {@code active;expires=600} or
     * {@code terminated;reason=probation;retry-after=30}.
     *
     * @throws IllegalArgumentException if it names no state this watcher knows
     */
    static SubscriptionState parse(String value) {
        String[] parts = value.strip().split(";");
        String state = parts[0].strip().toLowerCase(Locale.ROOT);
        Optional<Duration> expires = Optional.empty();
        Optional<Duration> retryAfter = Optional.empty();
        String reason = "";
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].strip().split("=", 2);
            String name = pair[0].strip().toLowerCase(Locale.ROOT);
            String parameter = pair.length == 2 ? pair[1].strip() : "";
            switch (name) {
                case "expires" -> expires = seconds(parameter);
                case "retry-after" -> retryAfter = seconds(parameter);
                case "reason" -> reason = parameter.toLowerCase(Locale.ROOT);
                default -> {
                    // extension parameters are ignored (RFC 6665 section 8.2.3)
                }
            }
        }
        return switch (state) {
            case "active" -> new Active(expires);
            case "pending" -> new Pending(expires);
            case "terminated" -> new Terminated(reason, retryAfter);
            default -> throw new IllegalArgumentException("unknown subscription state '" + parts[0].strip() + "'");
        };
    }

    private static Optional<Duration> seconds(String text) {
        try {
            long value = Long.parseLong(text);
            return value < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
