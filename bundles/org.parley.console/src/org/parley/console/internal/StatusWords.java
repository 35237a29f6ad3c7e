package org.parley.console.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/**
 * The console's words for presence: one word per {@link Availability} (the same for reading and
 * printing) and a status as {@code <word>} or {@code <word>: <note>}.
 */
final class StatusWords {

    private StatusWords() {
    }

    static String word(Availability availability) {
        return switch (availability) {
            case AVAILABLE -> "available";
            case ON_THE_PHONE -> "on-the-phone";
            case BUSY -> "busy";
            case DO_NOT_DISTURB -> "dnd";
            case AWAY -> "away";
            case OFFLINE -> "offline";
            case UNKNOWN -> "unknown";
        };
    }

    /** The availability a user may set with {@code word} (case-insensitive), if it is one. */
    static Optional<Availability> settable(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return Arrays.stream(Availability.values())
                .filter(availability -> availability != Availability.UNKNOWN
                        && availability != Availability.ON_THE_PHONE)
                .filter(availability -> word(availability).equals(lower)
                        || (availability == Availability.DO_NOT_DISTURB && lower.equals("do-not-disturb")))
                .findFirst();
    }

    /** {@code away} or {@code away: back at 3}. */
    static String describe(PresenceStatus status) {
        return word(status.availability()) + status.note().map(note -> ": " + Describe.oneLine(note)).orElse("");
    }

    /** A status or, when nothing is known, {@code unknown}. */
    static String describe(Optional<PresenceStatus> status) {
        return status.map(StatusWords::describe).orElse(word(Availability.UNKNOWN));
    }

    /** All settable words, for error messages. */
    static String settableWords() {
        return Arrays.stream(Availability.values()).filter(a -> settable(word(a)).isPresent())
                .map(StatusWords::word).collect(Collectors.joining(", "));
    }
}
