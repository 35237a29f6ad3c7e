package org.parley.console.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.parley.core.media.IceCandidate;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.VideoStatistics;

/** A call's media statistics as labelled lines, for {@code parley:stats}. */
final class StatisticsLines {

    private StatisticsLines() {
    }

    static String render(String callId, MediaStatistics statistics) {
        String lost = String.valueOf(statistics.packetsLost());
        if (statistics.packetsConcealed() > 0) {
            lost += " (" + statistics.packetsConcealed() + " concealed)";
        }
        return String.join("\n",
                line("call", callId),
                line("codec", statistics.format().map(format -> format.codec() + ", payload type "
                        + format.payloadType()).orElse("none yet")),
                line("sent", statistics.packetsSent() + " packets"),
                line("received", statistics.packetsReceived() + " packets"),
                line("lost", lost),
                line("loss", String.format(Locale.ROOT, "%.1f %% of %d expected", 100 * statistics.lossFraction(),
                        statistics.packetsExpected())),
                line("jitter", statistics.jitter().map(StatisticsLines::milliseconds)
                        .orElse("not measured yet (no RTCP report sent)")),
                line("buffer", milliseconds(statistics.jitterBufferDelay())),
                line("rtt", statistics.roundTripTime().map(StatisticsLines::milliseconds)
                        .orElse("not measured yet (no RTCP report received)")));
    }

    /** Which way the audio goes: the far end's address ICE chose and its kind, or the SDP's address without ICE. */
    static String path(Optional<IceCandidate> ice) {
        return line("path", ice.map(candidate -> "ice " + candidate.type().sdpName() + " " + candidate.address() + ":"
                + candidate.port()).orElse("sdp address (no ICE)"));
    }

    /** The video lines that follow the audio ones while a call has (or had) video. */
    static String renderVideo(VideoStatistics video, MediaSecurity security) {
        return String.join("\n",
                line("video", video.format().map(format -> format.codec() + ", payload type " + format.payloadType())
                        .orElse("none yet") + ", security " + Describe.security(security)),
                line("pictures", video.framesSent() + " sent (" + video.packetsSent() + " packets), "
                        + video.framesReceived() + " received (" + video.packetsReceived() + " packets)"
                        + (video.receivedWidth() > 0 ? ", " + video.receivedWidth() + "x" + video.receivedHeight() : "")),
                line("v-lost", video.packetsLost() + " packets, " + video.framesDropped() + " pictures not shown, "
                        + video.keyframeRequests() + " asked for again"));
    }

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "%-10s%s", label, value);
    }

    private static String milliseconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }
}
