package org.parley.ui.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.parley.core.account.RegistrationState;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/** How the window says states in words. */
public final class Words {

    /** What a form says when some of its settings are locked by an administrator (shown greyed). */
    public static final String LOCKED_SETTINGS = "The greyed settings are set by your administrator and cannot be changed.";
    /** The tooltip of a setting locked by an administrator. */
    public static final String LOCKED_SETTING = "Set by your administrator: it cannot be changed here";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private Words() {
    }

    public static String availability(Availability availability) {
        return switch (availability) {
            case AVAILABLE -> "Available";
            case ON_THE_PHONE -> "On the phone";
            case BUSY -> "Busy";
            case DO_NOT_DISTURB -> "Do not disturb";
            case AWAY -> "Away";
            case OFFLINE -> "Offline";
            case UNKNOWN -> "Unknown";
        };
    }

    public static String status(PresenceStatus status) {
        return availability(status.availability()) + status.note().map(note -> ": " + note).orElse("");
    }

    /**
     * A registration state in the words of the account's protocol (an XMPP account logs in, a SIP
     * account registers), with what to do about a failure.
     */
    public static String registration(RegistrationState state, String protocol) {
        boolean logsIn = protocol.equals("xmpp");
        return switch (state) {
            case RegistrationState.Unregistered u -> logsIn ? "Not logged in" : "Not registered";
            case RegistrationState.Registering r -> logsIn ? "Logging in…" : "Registering…";
            case RegistrationState.Registered r -> logsIn ? "Logged in" : "Registered";
            case RegistrationState.Failed failed -> failure(failed);
        };
    }

    private static String failure(RegistrationState.Failed failed) {
        String retry = failed.retryAt().map(at -> " (retrying at " + TIME.format(at) + ")").orElse("");
        return switch (failed.reason()) {
            case WRONG_CREDENTIALS -> "Wrong user name or password: edit the account" + retry;
            case UNREACHABLE -> "Server unreachable: " + failed.detail() + retry;
            case CERTIFICATE_NOT_TRUSTED -> "Certificate not trusted: double-click to review it";
            case REJECTED -> "Refused by the server: " + failed.detail() + retry;
            case MISCONFIGURED -> "Settings incomplete: " + failed.detail();
        };
    }

    /** A call's connected time as {@code m:ss} or {@code h:mm:ss}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    public static String time(Instant at) {
        return TIME.format(at);
    }
}
