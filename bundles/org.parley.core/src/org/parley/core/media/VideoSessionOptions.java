package org.parley.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a call asks of the media engine when it opens a video session.
 *
 * @param localAddress  the local address to receive RTP on (the one the call's SDP announces)
 * @param source        where the pictures to send come from
 * @param frameReceived called with each picture of the far end's once decoded, on an engine thread;
 *                      it must return quickly (copy or hand over, do not draw there)
 * @param stunServer    a STUN server for ICE's server-reflexive candidate; empty: none
 * @param ice           whether the session gathers ICE candidates, and its TURN server
 * @param failed        called with the reason when the video cannot flow (ICE found no working pair), on an
 *                      engine thread
 */
public record VideoSessionOptions(InetAddress localAddress, VideoSource source, Consumer<VideoFrame> frameReceived,
        Optional<InetSocketAddress> stunServer, IceSettings ice, Consumer<String> failed) {

    public VideoSessionOptions {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(frameReceived, "frameReceived");
        Objects.requireNonNull(stunServer, "stunServer");
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(failed, "failed");
    }

    /** Options without ICE. */
    public VideoSessionOptions(InetAddress localAddress, VideoSource source, Consumer<VideoFrame> frameReceived) {
        this(localAddress, source, frameReceived, Optional.empty(), IceSettings.OFF, reason -> { });
    }
}
