package org.parley.ui.internal.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.parley.core.history.HistoryEntry;
import org.parley.core.history.HistoryEntry.CallOutcome;
import org.parley.core.history.HistoryEntry.CallRecord;
import org.parley.core.history.HistoryEntry.MessageRecord;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.telephony.CallDirection;

/** How the history table words an entry: when it happened and what it was. */
final class HistoryText {

    static final int EXCERPT_LENGTH = 60;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT);

    private HistoryText() {
    }

    /** The time alone for today's entries, else the date and time. */
    static String when(Instant at, ZoneId zone, LocalDate today) {
        ZonedDateTime local = at.atZone(zone);
        return (local.toLocalDate().equals(today) ? TIME : DATE_AND_TIME).format(local);
    }

    /**
     * E.g. "Outgoing call, 2:31", "Missed call", "Message: see you at …",
     * "Message sent: on my way (delivered)".
     */
    static String what(HistoryEntry entry) {
        return switch (entry) {
            case CallRecord call -> call(call);
            case MessageRecord message -> message(message);
        };
    }

    private static String call(CallRecord call) {
        if (call.outcome() == CallOutcome.MISSED) {
            return "Missed call";
        }
        String kind = call.direction() == CallDirection.OUTGOING ? "Outgoing call" : "Incoming call";
        return switch (call.outcome()) {
            case ANSWERED -> kind + ", " + duration(call.duration());
            case REJECTED -> kind + ", declined";
            case FAILED -> kind + ", failed";
            case MISSED -> "Missed call";
        };
    }

    private static String message(MessageRecord message) {
        if (!message.outgoing()) {
            return "Message: " + excerpt(message.text());
        }
        String delivery = switch (message.delivery()) {
            case DeliveryState.Sending sending -> "sending";
            case DeliveryState.Delivered delivered -> "delivered";
            case DeliveryState.Failed failed -> "not delivered: " + failed.reason();
        };
        return "Message sent: " + excerpt(message.text()) + " (" + delivery + ")";
    }

    /** The text on one line, cut after {@link #EXCERPT_LENGTH} characters. */
    static String excerpt(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) <= EXCERPT_LENGTH) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, EXCERPT_LENGTH)) + "…";
    }

    /** "2:31", or "1:02:31" from an hour up. */
    static String duration(Duration duration) {
        long hours = duration.toHours();
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, duration.toMinutesPart(), duration.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
