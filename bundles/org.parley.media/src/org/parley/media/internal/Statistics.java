package org.parley.media.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import org.jitsi.impl.neomedia.MediaStreamImpl;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamStats;
import org.jitsi.service.neomedia.stats.MediaStreamStats2;
import org.jitsi.service.neomedia.stats.ReceiveTrackStats;
import org.jitsi.service.neomedia.stats.TrackStats;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.RtpFormat;
import org.parley.media.internal.jmf.FecCountingSession;

/**
 * Reads a libjitsi stream's counters into {@link MediaStatistics}. Packets and losses are counted
 * by libjitsi for each RTP packet of each source; jitter comes from the RTCP reports we send and the round-trip
 * time from those the far end sends (libjitsi sends one about every 5 s; see {@link RoundTripTime}).
 */
final class Statistics {

    private Statistics() {
    }

    /**
     * @param roundTrips the round trips measured on the stream (libjitsi's own figure is used if
     *                   there is none)
     */
    static MediaStatistics of(MediaStream stream, RtpFormat format, RoundTripTime roundTrips) {
        MediaStreamStats2 stats = stream.getMediaStreamStats();
        if (stats == null) {
            return MediaStatistics.NONE;
        }
        ReceiveTrackStats received = stats.getReceiveStats();
        return new MediaStatistics(Optional.of(format), rtpPackets(stats.getAllSendStats()),
                rtpPackets(stats.getAllReceiveStats()),
                Math.max(0, received.getPacketsLost()), fecPacketsDecoded(stream), jitter(received),
                Duration.ofMillis(Math.max(0, stats.getJitterBufferDelayMs())), roundTrips.last().or(() -> roundTripTime(stats)));
    }

    /**
     * Sums the RTP packets of each source. libjitsi's aggregate of all sources counts RTCP reports
     * as packets too, so a call that sends no audio would show the reports as packets sent.
     */
    private static long rtpPackets(Collection<? extends TrackStats> perSource) {
        return perSource.stream().mapToLong(TrackStats::getPackets).sum();
    }

    private static long fecPacketsDecoded(MediaStream stream) {
        return stream instanceof MediaStreamImpl impl && impl.getDeviceSession() instanceof FecCountingSession session
                ? session.fecPacketsDecoded()
                : 0;
    }

    private static Optional<Duration> jitter(ReceiveTrackStats received) {
        double jitterMs = received.getJitter();
        if (jitterMs == TrackStats.JITTER_UNSET || jitterMs < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(jitterMs * 1_000_000)));
    }

    private static Optional<Duration> roundTripTime(MediaStreamStats stats) {
        long rttMs = stats.getRttMs();
        return rttMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(rttMs));
    }
}
