package org.parley.core.media;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a call asks of the media engine when it opens a video session.
 *
 * @param localAddress  the local address to receive RTP on (the one the call's SDP announces)
 * @param source        where the pictures to send come from
 * @param frameReceived called with each picture of the far end's once decoded, on an engine thread;
 *                      it must return quickly (copy or hand over, do not draw there)
 */
public record VideoSessionOptions(InetAddress localAddress, VideoSource source, Consumer<VideoFrame> frameReceived) {

    public VideoSessionOptions {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(frameReceived, "frameReceived");
    }
}
