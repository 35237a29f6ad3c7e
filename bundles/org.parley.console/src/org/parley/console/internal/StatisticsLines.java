package org.parley.console.internal;

import java.time.Duration;
import java.util.Locale;

import org.parley.core.media.MediaStatistics;

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

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "%-10s%s", label, value);
    }

    private static String milliseconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }
}
