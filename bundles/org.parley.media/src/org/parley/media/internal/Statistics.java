package org.parley.media.internal;

import java.time.Duration;

import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.stats.MediaStreamStats2;
import org.jitsi.service.neomedia.stats.ReceiveTrackStats;
import org.jitsi.service.neomedia.stats.SendTrackStats;
import org.parley.core.media.MediaStatistics;

/** Reads a libjitsi stream's counters into {@link MediaStatistics}. */
final class Statistics {

    /** Before a stream exists. */
    static final MediaStatistics NONE = new MediaStatistics(0, 0, 0, Duration.ZERO);

    private Statistics() {
    }

    static MediaStatistics of(MediaStream stream) {
        MediaStreamStats2 stats = stream.getMediaStreamStats();
        if (stats == null) {
            return NONE;
        }
        SendTrackStats sent = stats.getSendStats();
        ReceiveTrackStats received = stats.getReceiveStats();
        double jitterMs = received.getJitter();
        Duration jitter = jitterMs > 0 ? Duration.ofNanos(Math.round(jitterMs * 1_000_000)) : Duration.ZERO;
        return new MediaStatistics(sent.getPackets(), received.getPackets(), Math.max(0, received.getPacketsLost()),
                jitter);
    }
}
