package org.parley.core.media;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a session's audio stream is doing, as counted by the engine: the figures a call's statistics
 * window shows in Linphone or Jitsi.
 *
 * @param format            the negotiated codec and payload type, once the stream has started
 * @param packetsSent       RTP packets sent
 * @param packetsReceived   RTP packets received
 * @param packetsLost       RTP packets the far end sent that never arrived (gaps in the sequence numbers)
 * @param packetsConcealed  lost packets whose audio the decoder filled in: from the forward error
 *                          correction data the next packet carries (Opus in-band FEC) or, where it
 *                          carries none, by concealment; 0 for codecs that leave gaps (G.711)
 * @param jitter            inter-arrival jitter of received packets (RFC 3550 section 6.4.1), as put in
 *                          our last RTCP report; empty until the first report
 * @param jitterBufferDelay how long received audio waits in the jitter buffer now
 * @param roundTripTime     the round-trip time the last RTCP report from the far end showed (RFC 3550
 *                          section 6.4.1); empty until such a report came
 */
public record MediaStatistics(Optional<RtpFormat> format, long packetsSent, long packetsReceived, long packetsLost,
        long packetsConcealed, Optional<Duration> jitter, Duration jitterBufferDelay,
        Optional<Duration> roundTripTime) {

    /** The figures of a session that has not streamed yet: nothing counted, nothing measured. */
    public static final MediaStatistics NONE = new MediaStatistics(Optional.empty(), 0, 0, 0, 0, Optional.empty(),
            Duration.ZERO, Optional.empty());

    public MediaStatistics {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(jitterBufferDelay, "jitterBufferDelay");
        Objects.requireNonNull(roundTripTime, "roundTripTime");
        if (packetsSent < 0 || packetsReceived < 0 || packetsLost < 0 || packetsConcealed < 0) {
            throw new IllegalArgumentException("Packet counts are never negative");
        }
    }

    /** The packets the far end sent as far as we can tell: those received and those lost. */
    public long packetsExpected() {
        return packetsReceived + packetsLost;
    }

    /** The fraction of expected packets that were lost, 0 to 1 (0 while none is expected). */
    public double lossFraction() {
        long expected = packetsExpected();
        return expected == 0 ? 0 : (double) packetsLost / expected;
    }
}
