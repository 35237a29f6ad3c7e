package org.parley.core.media;

import java.time.Duration;
import java.util.Objects;

/**
 * How a session's audio stream is doing, as counted by the engine.
 *
 * @param packetsSent     RTP packets sent
 * @param packetsReceived RTP packets received
 * @param packetsLost     RTP packets the far end sent that never arrived
 * @param jitter          inter-arrival jitter of received packets (RFC 3550)
 */
public record MediaStatistics(long packetsSent, long packetsReceived, long packetsLost, Duration jitter) {

    public MediaStatistics {
        Objects.requireNonNull(jitter, "jitter");
    }
}
