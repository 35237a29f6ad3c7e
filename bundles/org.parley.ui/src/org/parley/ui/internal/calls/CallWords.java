package org.parley.ui.internal.calls;

import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaStatistics;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallState;

/** How the call panel says a call's state, security and figures. */
final class CallWords {

    private CallWords() {
    }

    static String state(CallState state) {
        return switch (state) {
            case DIALING -> "Calling…";
            case RINGING -> "Ringing…";
            case EARLY_MEDIA -> "Ringing (announcement)…";
            case INCOMING -> "Incoming call";
            case CONNECTED -> "Connected";
            case ON_HOLD -> "On hold";
            case ENDED -> "Ended";
        };
    }

    static String security(MediaSecurity security) {
        return switch (security) {
            case MediaSecurity.Unsecured u -> "Not encrypted";
            case MediaSecurity.Negotiating n -> "Agreeing keys (" + n.keyExchange() + ")…";
            case MediaSecurity.Srtp srtp -> "Encrypted (SRTP, " + srtp.keyExchange() + ")"
                    + srtp.sas().map(sas -> " — compare the words: " + sas.text().toUpperCase()
                            + (sas.verified() ? " (verified)" : "")).orElse("");
        };
    }

    static String statistics(MediaStatistics figures) {
        if (figures.equals(MediaStatistics.NONE)) {
            return "No audio yet";
        }
        return figures.format().map(f -> f.codec().name()).orElse("?") + " · sent " + figures.packetsSent()
                + " · received " + figures.packetsReceived() + " · lost " + String.format("%.1f %%", 100 * figures.lossFraction())
                + figures.jitter().map(j -> " · jitter " + j.toMillis() + " ms").orElse("")
                + figures.roundTripTime().map(r -> " · round trip " + r.toMillis() + " ms").orElse("");
    }

    static String ended(CallEvent.Ended ended) {
        String why = switch (ended.reason()) {
            case LOCAL_HANGUP -> "you hung up";
            case REMOTE_HANGUP -> "the other side hung up";
            case REJECTED -> "busy or declined";
            case NO_ANSWER -> "no answer";
            case TRANSFERRED -> "transferred";
            case FAILED -> "failed";
        };
        return "Call with " + ended.peer().schemeSpecificPart() + " ended: " + why
                + (ended.detail().isEmpty() ? "" : " (" + ended.detail() + ")");
    }
}
