package org.parley.ui.internal.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.parley.core.account.RegistrationState;
import org.parley.ui.internal.Words;

/** What the account dialog says about the outcome of a registration test. */
final class RegistrationWords {

    private RegistrationWords() {
    }

    /**
     * A final state (registered or failed) in words, times in {@code zone}; an account of
     * {@code protocol} xmpp logs in rather than registers.
     */
    static String outcome(RegistrationState state, ZoneId zone, String protocol) {
        return switch (state) {
            case RegistrationState.Registered registered -> registered.expires().isAfter(Instant.now().plus(Duration.ofDays(366)))
                    ? Words.registration(registered, protocol) : "Registered until "
                            + DateTimeFormatter.ofPattern("HH:mm").withZone(zone).format(registered.expires());
            case RegistrationState.Failed failed -> failure(failed);
            case RegistrationState.Registering registering -> Words.registration(registering, protocol);
            case RegistrationState.Unregistered unregistered -> Words.registration(unregistered, protocol);
        };
    }

    /** The test waited {@code seconds} without an answer, the account being in {@code last}, if it ran. */
    static String timedOut(long seconds, Optional<RegistrationState> last) {
        return last.map(state -> state instanceof RegistrationState.Unregistered
                ? "The account did not start to register within " + seconds + " seconds."
                : "No answer from the server within " + seconds + " seconds.")
                .orElse("The account did not start within " + seconds + " seconds.");
    }

    private static String failure(RegistrationState.Failed failed) {
        return switch (failed.reason()) {
            case WRONG_CREDENTIALS -> "The server refused the user name or password.";
            case UNREACHABLE -> "The server cannot be reached: " + failed.detail();
            case CERTIFICATE_NOT_TRUSTED -> "The server's certificate is not trusted: " + failed.detail();
            case REJECTED -> "The server refused the registration: " + failed.detail();
            case MISCONFIGURED -> "The settings do not work: " + failed.detail();
        };
    }
}
