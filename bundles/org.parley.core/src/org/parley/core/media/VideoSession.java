package org.parley.core.media;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The video of one call, beside its {@link MediaSession} for audio. Opening it reserves the local
 * RTP port (RTCP on the next port up) announced in the SDP's {@code m=video} line; {@link #start}
 * begins streaming once offer and answer agree; closing it stops the stream and frees the ports.
 * Its SRTP keys may be agreed in SDP ({@link SdesKeyed}): keys taken before {@link #start} encrypt
 * the stream from its first packet. Methods may be called from any thread.
 */
public interface VideoSession extends SdesKeyed, AutoCloseable {

    /** Where this session receives RTP. */
    InetSocketAddress localRtpAddress();

    /**
     * Starts (or, called again, retargets) the stream.
     *
     * @param remoteRtp where the far end receives RTP (its RTCP on the next port up)
     * @param format    the negotiated video codec and its payload type
     * @throws MediaException if the engine cannot send or receive that format
     */
    void start(InetSocketAddress remoteRtp, RtpFormat format);

    /**
     * This session's ICE credentials and candidates, gathered when it opened with ICE on; empty without
     * ICE. The same each time it is asked, for re-offers.
     */
    default Optional<IceParameters> iceParameters() {
        return Optional.empty();
    }

    /**
     * Starts the stream over ICE (RFC 8445): the checks against the far end's candidates run in the
     * background and pictures flow over the pair they select; if none works,
     * {@link VideoSessionOptions#failed()} is told why. Called again, it keeps the pair.
     *
     * @param controlling whether this side nominates the pair (the side that offered this video)
     * @throws MediaException if the session has no ICE
     */
    default void startWithIce(IceParameters remote, boolean controlling, RtpFormat format) {
        throw new MediaException("This video session has no ICE");
    }

    /** The far end's candidate ICE selected for the video's RTP, once its checks succeeded. */
    default Optional<IceCandidate> iceSelectedRemote() {
        return Optional.empty();
    }

    /** The negotiated format once {@link #start} was called. */
    Optional<RtpFormat> format();

    /** Changes which way video flows (e.g. receive only when this side has no camera, or on hold). */
    void setDirection(MediaDirection direction);

    /** The latest picture received from the far end, if one came. */
    Optional<VideoFrame> latestFrame();

    /** Figures for the video stream so far. */
    VideoStatistics statistics();

    /** Stops the stream and frees its ports and source. */
    @Override
    void close();
}
