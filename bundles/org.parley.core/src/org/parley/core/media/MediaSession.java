package org.parley.core.media;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audio of one call; its SRTP keys may be agreed in SDP ({@link SdesKeyed}), on the media path
 * by ZRTP, or by a DTLS handshake. Opening it reserves the local RTP port (announced in SDP); {@link #start}
 * begins streaming once offer and answer agree; closing it stops the streams and frees ports and
 * devices. Methods may be called from any thread.
 */
public interface MediaSession extends SdesKeyed, AutoCloseable {

    /** Where this session receives RTP (RTCP goes to the next port up). */
    InetSocketAddress localRtpAddress();

    /**
     * Where the far end is to send RTP: the address the STUN server of the options saw this session's
     * RTP socket come from (behind a NAT, the NAT's), or the local address without a STUN server or
     * when it did not answer.
     */
    default InetSocketAddress publicRtpAddress() {
        return localRtpAddress();
    }

    /** Where the far end is to send RTCP, learned as {@link #publicRtpAddress()} is (by default the next port up). */
    default InetSocketAddress publicRtcpAddress() {
        return new InetSocketAddress(publicRtpAddress().getAddress(), publicRtpAddress().getPort() + 1);
    }

    /**
     * Starts (or, called again, retargets) the stream.
     *
     * @param remoteRtp      where the far end receives RTP
     * @param format         the negotiated audio codec and its payload type
     * @param telephoneEvent the negotiated {@code telephone-event} payload type, if the far end accepts RFC 4733
     */
    void start(InetSocketAddress remoteRtp, RtpFormat format, Optional<RtpFormat> telephoneEvent);

    /**
     * Starts (or, called again, retargets) the stream with RTCP going to {@code remoteRtcp} (the far
     * end's {@code a=rtcp}, RFC 3605) rather than the port above RTP. An engine that cannot send RTCP
     * elsewhere starts as {@link #start(InetSocketAddress, RtpFormat, Optional)} does.
     */
    default void start(InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        start(remoteRtp, format, telephoneEvent);
    }

    /** Whether this engine can send and receive RTCP on the RTP port (RFC 5761), so an offer may propose it. */
    default boolean supportsRtcpMux() {
        return false;
    }

    /**
     * Starts (or, called again, retargets) the stream with RTCP multiplexed on the RTP port (RFC 5761):
     * both go to {@code remote} and are received on {@link #localRtpAddress()}.
     *
     * @throws MediaException if the engine cannot multiplex (see {@link #supportsRtcpMux()})
     */
    default void startWithRtcpMux(InetSocketAddress remote, RtpFormat format, Optional<RtpFormat> telephoneEvent) {
        throw new MediaException("This media engine cannot multiplex RTCP with RTP");
    }

    /**
     * This session's ICE credentials and candidates, gathered when it opened with ICE on (see
     * {@link MediaSessionOptions#ice()}); empty without ICE. The same each time it is asked, for re-offers.
     */
    default Optional<IceParameters> iceParameters() {
        return Optional.empty();
    }

    /**
     * Starts the stream over ICE (RFC 8445): connectivity checks against the far end's candidates
     * run in the background, and audio flows over the pair they select (RTCP on component 2). If no
     * pair works, {@link MediaSessionOptions#failed()} is told why. Called again (a re-offer), it
     * keeps the pair ICE found and changes the format only (ICE restarts are not done).
     *
     * @param remote      the far end's ICE description
     * @param controlling whether this side nominates the pair (the offerer)
     * @throws MediaException if the session has no ICE (see {@link #iceParameters()})
     */
    default void startWithIce(IceParameters remote, boolean controlling, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        throw new MediaException("This media session has no ICE");
    }

    /** The far end's candidate ICE selected for RTP, once the checks succeeded. */
    default Optional<IceCandidate> iceSelectedRemote() {
        return Optional.empty();
    }

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

    /**
     * Secures the session's media with ZRTP (RFC 6189): keys are agreed on the media path once
     * both ends send, and {@link #security} says {@link MediaSecurity.Negotiating} until then.
     * Called before {@link #start}; a session keyed by SDES cannot also use ZRTP.
     *
     * @throws MediaException if the engine cannot do ZRTP or the session already has SDES keys
     */
    default void useZrtp() {
        throw new MediaException("This media engine cannot encrypt media with ZRTP");
    }

    /**
     * Marks the ZRTP short authentication string as confirmed by the user (or withdraws it); the
     * mark is kept for later calls with the same peer.
     *
     * @throws IllegalStateException if the session's keys came from no ZRTP exchange
     */
    default void setSasVerified(boolean verified) {
        throw new IllegalStateException("The session's media is not secured by ZRTP");
    }

    /**
     * The fingerprint of the certificate this session presents in DTLS-SRTP handshakes, for the
     * {@code a=fingerprint} attribute of an offer or answer. The session keeps one certificate.
     *
     * @throws MediaException if the engine has no DTLS-SRTP or the session is keyed otherwise
     */
    default DtlsFingerprint dtlsFingerprint() {
        throw new MediaException("This media engine cannot encrypt media with DTLS-SRTP");
    }

    /**
     * Secures the session's media by DTLS-SRTP with a far end that gave these fingerprints: the
     * handshake runs when the stream starts, and {@link #security()} is negotiating until the first
     * packet of the far end's is decrypted. Called again within the same call (a re-offer), it only
     * takes new fingerprints.
     *
     * @param remote the far end's fingerprints; its certificate must match one
     * @param role   whether this session starts the handshake or waits for it
     * @throws MediaException if the engine has no DTLS-SRTP or the session is keyed otherwise
     */
    default void useDtls(List<DtlsFingerprint> remote, DtlsRole role) {
        throw new MediaException("This media engine cannot encrypt media with DTLS-SRTP");
    }

    /**
     * Joins this session and {@code other} (or the conference {@code other} is in) into a local
     * conference mixed by the engine: what each far end says is added to what the others' far ends
     * hear, besides this side's own source. Both sessions must have started.
     *
     * @throws MediaException if the engine cannot mix, or a session has not started
     */
    default void joinConference(MediaSession other) {
        throw new MediaException("This media engine cannot mix calls into a conference");
    }

    /** Takes this session out of its conference, if it is in one; it goes on with its own far end only. */
    default void leaveConference() {
    }

    /** Figures for the audio stream so far. */
    MediaStatistics statistics();

    /**
     * Starts recording the call to a WAV file (16-bit mono PCM), or an Ogg Opus file if its name ends
     * in {@code .ogg} or {@code .opus}: what the far end sends, as it is heard, mixed with what this
     * session sends (silence while muted), at the codec's sample rate.
     * The recording goes on across hold, resume and codec changes until {@link #stopRecording} or
     * {@link #close}, which complete the file.
     *
     * @param wav the file to write; created, or replaced if it exists
     * @throws IllegalStateException if the session is closed or already recording
     * @throws MediaException        if the file cannot be written
     */
    void startRecording(Path wav);

    /** Completes the running recording, if there is one; does nothing otherwise. */
    void stopRecording();

    /** The file being recorded to, while a recording runs. */
    Optional<Path> recording();

    /** Stops the streams, completes a running recording and frees ports and devices. */
    @Override
    void close();
}
