package org.parley.core.media;

import java.time.Duration;
import java.util.Objects;

/**
 * How a media stream is doing, as counted by the engine.
 *
 * @param codec           the codec in use
 * @param packetsSent     RTP packets sent
 * @param packetsReceived RTP packets received
 * @param packetsLost     RTP packets the far end sent that never arrived
 * @param jitter          inter-arrival jitter of received packets
 */
public record MediaStatistics(Codec codec, long packetsSent, long packetsReceived, long packetsLost,
        Duration jitter) {

    public MediaStatistics {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(jitter, "jitter");
    }
}
