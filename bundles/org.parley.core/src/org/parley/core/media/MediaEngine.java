package org.parley.core.media;

import java.util.List;

/**
 * Runs the audio and video of calls. One engine serves the whole suite; it is
 * registered with {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code media} and can be
 * replaced at runtime by another implementation.
 */
public interface MediaEngine {

    /**
     * The formats this engine can send and receive, in its order of preference, with the payload
     * types it proposes for them in an offer (including {@code telephone-event} if it supports
     * RFC 4733).
     */
    List<RtpFormat> formats();

    /**
     * Opens a session: reserves a local RTP port on the options' address. Nothing is sent until
     * {@link MediaSession#start}.
     *
     * @throws MediaException if no port or device can be had
     */
    MediaSession open(MediaSessionOptions options);

    /**
     * The video formats this engine can send and receive, in its order of preference, with the payload
     * types it proposes for them in an offer; empty for an engine without video.
     */
    default List<RtpFormat> videoFormats() {
        return List.of();
    }

    /**
     * Opens a video session: reserves a local RTP port on the options' address. Nothing is sent until
     * {@link VideoSession#start}.
     *
     * @throws MediaException if the engine has no video, or no port or source can be had
     */
    default VideoSession openVideo(VideoSessionOptions options) {
        throw new MediaException("This media engine has no video");
    }
}
