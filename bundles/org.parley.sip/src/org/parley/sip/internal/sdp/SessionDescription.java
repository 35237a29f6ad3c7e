package org.parley.sip.internal.sdp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;

/**
 * The audio part of an SDP offer or answer (RFC 4566, RFC 3264): where to send RTP, in which
 * formats (most preferred first), which way audio flows, and how SRTP is keyed: SDES keys (RFC 4568)
 * or a DTLS certificate's fingerprint (RFC 5763).
 * Other media lines are kept only as their count, so that an answer can reject them in order.
 *
 * @param address    the connection address (c=) of the audio stream
 * @param port       the audio port; 0 means the stream is rejected
 * @param formats    the audio formats with their payload types, in the sender's order of preference
 * @param direction  sendrecv, sendonly, recvonly or inactive
 * @param version    the o= session version, raised with each change
 * @param profile    the transport profile of the m= line: {@code RTP/AVP}, or {@code RTP/SAVP} for SRTP only
 * @param crypto     the {@code a=crypto} keys of the audio stream, in the sender's order of preference
 * @param fingerprints the {@code a=fingerprint} of the sender's DTLS certificate (RFC 8122), for DTLS-SRTP
 * @param setup      the {@code a=setup} side of the DTLS handshake (RFC 4145), if given
 * @param rtcp       where RTCP is to go when it is not the next port up ({@code a=rtcp}, RFC 3605)
 * @param rtcpMux    whether RTCP shares the RTP port ({@code a=rtcp-mux}, RFC 5761): offered, or agreed in an answer
 * @param ice        the audio stream's ICE credentials and candidates (RFC 8839), when the sender does ICE
 */
public record SessionDescription(String address, int port, List<RtpFormat> formats, MediaDirection direction,
        long version, String profile, List<SdesCrypto> crypto, List<DtlsFingerprint> fingerprints,
        Optional<DtlsSetup> setup, Optional<InetSocketAddress> rtcp, boolean rtcpMux, Optional<IceParameters> ice) {

    /** Plain RTP. */
    public static final String RTP = "RTP/AVP";
    /** SRTP only (RFC 3711). */
    public static final String SRTP = "RTP/SAVP";
    /** SRTP keyed by DTLS only (RFC 5764). */
    public static final String DTLS_SRTP = "UDP/TLS/RTP/SAVP";

    public SessionDescription {
        Objects.requireNonNull(address, "address");
        formats = List.copyOf(formats);
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(profile, "profile");
        crypto = List.copyOf(crypto);
        fingerprints = List.copyOf(fingerprints);
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(rtcp, "rtcp");
        Objects.requireNonNull(ice, "ice");
    }

    /** A plain RTP description without keys. */
    public SessionDescription(String address, int port, List<RtpFormat> formats, MediaDirection direction, long version) {
        this(address, port, formats, direction, version, RTP, List.of(), List.of(), Optional.empty(), Optional.empty(),
                false, Optional.empty());
    }

    /** This description with the given profile and SDES keys. */
    public SessionDescription withKeys(String profile, List<SdesCrypto> crypto) {
        return new SessionDescription(address, port, formats, direction, version, profile, crypto, fingerprints, setup,
                rtcp, rtcpMux, ice);
    }

    /** This description with the given profile, DTLS certificate fingerprint and side of the handshake. */
    public SessionDescription withDtls(String profile, DtlsFingerprint fingerprint, DtlsSetup setup) {
        return new SessionDescription(address, port, formats, direction, version, profile, crypto, List.of(fingerprint),
                Optional.of(setup), rtcp, rtcpMux, ice);
    }

    /** This description with RTCP going to {@code rtcp}, written as {@code a=rtcp}. */
    public SessionDescription withRtcp(InetSocketAddress rtcp) {
        return new SessionDescription(address, port, formats, direction, version, profile, crypto, fingerprints, setup,
                Optional.of(rtcp), rtcpMux, ice);
    }

    /** This description with or without {@code a=rtcp-mux}. */
    public SessionDescription withRtcpMux(boolean mux) {
        return new SessionDescription(address, port, formats, direction, version, profile, crypto, fingerprints, setup,
                rtcp, mux, ice);
    }

    /** This description with ICE credentials and candidates (or without, for empty). */
    public SessionDescription withIce(Optional<IceParameters> parameters) {
        return new SessionDescription(address, port, formats, direction, version, profile, crypto, fingerprints, setup,
                rtcp, rtcpMux, parameters);
    }

    /** Whether the m= line asks for SRTP only (a profile with an S, e.g. RTP/SAVP or RTP/SAVPF). */
    public boolean requiresSrtp() {
        return profile.toUpperCase(Locale.ROOT).contains("/SAVP");
    }

    /** The first format that is not telephone-event, if any. */
    public Optional<RtpFormat> audioFormat() {
        return formats.stream().filter(format -> !isTelephoneEvent(format)).findFirst();
    }

    /** The telephone-event format, if RFC 4733 is offered. */
    public Optional<RtpFormat> telephoneEvent() {
        return formats.stream().filter(SessionDescription::isTelephoneEvent).findFirst();
    }

    static boolean isTelephoneEvent(RtpFormat format) {
        return format.codec().name().equalsIgnoreCase("telephone-event");
    }
}
