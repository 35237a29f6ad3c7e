package org.parley.core.media;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The audio of one call. Opening it reserves the local RTP port (announced in SDP); {@link #start}
 * begins streaming once offer and answer agree; closing it stops the streams and frees ports and
 * devices. Methods may be called from any thread.
 */
public interface MediaSession extends AutoCloseable {

    /** Where this session receives RTP (RTCP goes to the next port up). */
    InetSocketAddress localRtpAddress();

    /**
     * Starts (or, called again, retargets) the stream.
     *
     * @param remoteRtp      where the far end receives RTP
     * @param format         the negotiated audio codec and its payload type
     * @param telephoneEvent the negotiated {@code telephone-event} payload type, if the far end accepts RFC 4733
     */
    void start(InetSocketAddress remoteRtp, RtpFormat format, Optional<RtpFormat> telephoneEvent);

    /** The negotiated format once {@link #start} was called. */
    Optional<RtpFormat> format();

    /** Changes which way audio flows (hold and resume). */
    void setDirection(MediaDirection direction);

    /** Stops or restarts sending the source's audio (silence is sent instead). */
    void setMuted(boolean muted);

    /**
     * Sends keypad tones as RFC 4733 events.
     *
     * @throws IllegalStateException if no {@code telephone-event} format was negotiated
     */
    void sendDtmf(String digits);

    /** Figures for the audio stream so far. */
    MediaStatistics statistics();

    @Override
    void close();
}
