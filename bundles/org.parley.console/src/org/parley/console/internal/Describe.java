package org.parley.console.internal;

import java.time.Duration;
import java.time.Instant;

import java.util.Locale;

import org.parley.core.account.RegistrationState;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;

/** Short, stable, one-word-first texts for console output (easy to read and to parse). */
final class Describe {

    private Describe() {
    }

    /**
     * {@code none}, {@code negotiating zrtp}, or how the media is encrypted, e.g.
     * {@code srtp sdes AES_CM_128_HMAC_SHA1_80} or {@code srtp zrtp AES-CM-128 sas k3z9 unverified}.
     */
    static String security(MediaSecurity security) {
        return switch (security) {
            case MediaSecurity.Unsecured unsecured -> "none";
            case MediaSecurity.Negotiating negotiating -> "negotiating " + lower(negotiating.keyExchange());
            case MediaSecurity.Srtp srtp -> "srtp " + lower(srtp.keyExchange()) + " " + srtp.suite()
                    + srtp.sas().map(sas -> " sas " + sas.text() + (sas.verified() ? " verified" : " unverified"))
                            .orElse("");
        };
    }

    /** A direction as SDP writes it: {@code sendrecv}, {@code sendonly}, {@code recvonly}, or {@code off} for inactive. */
    static String direction(MediaDirection direction) {
        return switch (direction) {
            case SEND_RECEIVE -> "sendrecv";
            case SEND_ONLY -> "sendonly";
            case RECEIVE_ONLY -> "recvonly";
            case INACTIVE -> "off";
        };
    }

    /** A call's video for the calls table: its direction, with {@code ,srtp} when it is encrypted. */
    static String video(MediaDirection direction, MediaSecurity security) {
        return direction(direction) + (security instanceof MediaSecurity.Srtp ? ",srtp" : "");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String registration(RegistrationState state) {
        return switch (state) {
            case RegistrationState.Unregistered u -> "unregistered";
            case RegistrationState.Registering r -> "registering";
            case RegistrationState.Registered r -> r.expires().isAfter(Instant.now().plus(Duration.ofDays(366)))
                    ? "registered" : "registered until " + r.expires();
            case RegistrationState.Failed f -> "failed " + f.reason().name().toLowerCase() + ": " + f.detail()
                    + f.retryAt().map(at -> " (retry at " + at + ")").orElse("");
        };
    }

    /** The first word of {@link #registration}: registered, registering, unregistered or failed. */
    static String registrationWord(RegistrationState state) {
        return registration(state).split(" ", 2)[0];
    }

    /** A text as one line: {@code \n} for line breaks, {@code \r} for returns, backslashes doubled. */
    static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** A service property as text; multi-valued properties are joined with commas. */
    static String property(Object value, String absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof String[] values) {
            return String.join(",", values);
        }
        return value.toString();
    }
}
