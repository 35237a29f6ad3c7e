package org.parley.core.media;

import java.util.Objects;
import java.util.Optional;

/**
 * How a session's video stream is doing.
 *
 * @param format          the negotiated codec and payload type, once the stream has started
 * @param framesSent      pictures encoded and sent
 * @param framesReceived  pictures received whole and decoded
 * @param framesDropped   pictures of the far end's that arrived in part or could not be decoded: a
 *                        packet of theirs was lost, or they depended on a picture that was (pictures
 *                        lost with all their packets show as packets lost only)
 * @param packetsSent     RTP packets sent
 * @param packetsReceived RTP packets received
 * @param packetsLost     RTP packets the far end sent that never arrived (gaps in the sequence numbers)
 * @param keyframeRequests pictures the far end was asked to send whole again (RTCP PLI) after a loss
 * @param receivedWidth   the width of the last picture received, 0 before the first
 * @param receivedHeight  the height of the last picture received, 0 before the first
 */
public record VideoStatistics(Optional<RtpFormat> format, long framesSent, long framesReceived, long framesDropped,
        long packetsSent, long packetsReceived, long packetsLost, long keyframeRequests, int receivedWidth,
        int receivedHeight) {

    /** The figures of a session that has not streamed yet. */
    public static final VideoStatistics NONE = new VideoStatistics(Optional.empty(), 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public VideoStatistics {
        Objects.requireNonNull(format, "format");
        if (framesSent < 0 || framesReceived < 0 || framesDropped < 0 || packetsSent < 0 || packetsReceived < 0
                || packetsLost < 0 || keyframeRequests < 0 || receivedWidth < 0 || receivedHeight < 0) {
            throw new IllegalArgumentException("Video figures are never negative");
        }
    }
}
