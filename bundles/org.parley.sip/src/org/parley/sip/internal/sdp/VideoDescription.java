package org.parley.sip.internal.sdp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;

/**
 * The video stream ({@code m=video}) of an SDP offer or answer.
 *
 * @param address   the connection address of the stream
 * @param port      the RTP port; 0 means the stream is rejected (or removed)
 * @param profile   the transport profile of the m= line, e.g. {@code RTP/AVP}
 * @param formats   the video formats with their payload types, in the sender's order of preference
 * @param direction sendrecv, sendonly, recvonly or inactive
 * @param crypto    the {@code a=crypto} keys of the video stream (SDES, RFC 4568), in the sender's order
 * @param ice       the video stream's ICE credentials and candidates (RFC 8839), when the sender does ICE
 */
public record VideoDescription(String address, int port, String profile, List<RtpFormat> formats,
        MediaDirection direction, List<SdesCrypto> crypto, Optional<IceParameters> ice) {

    public VideoDescription {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(profile, "profile");
        formats = List.copyOf(formats);
        Objects.requireNonNull(direction, "direction");
        crypto = List.copyOf(crypto);
        Objects.requireNonNull(ice, "ice");
    }

    /** A plain (unencrypted) video stream. */
    public VideoDescription(String address, int port, String profile, List<RtpFormat> formats,
            MediaDirection direction) {
        this(address, port, profile, formats, direction, List.of(), Optional.empty());
    }

    /** A rejected (or removed) video stream: port 0, answering or re-offering an {@code m=video} line. */
    public static VideoDescription rejected(String address) {
        return new VideoDescription(address, 0, SessionDescription.RTP, List.of(), MediaDirection.INACTIVE);
    }

    /** Whether the stream is on: a port, and a format. */
    public boolean active() {
        return port != 0 && !formats.isEmpty();
    }

    /** Whether the m= line asks for SRTP only (e.g. RTP/SAVP), which this side cannot give video. */
    public boolean requiresSrtp() {
        return profile.toUpperCase(Locale.ROOT).contains("SAVP");
    }

    /** The first format, the one to use when this is an answer. */
    public Optional<RtpFormat> format() {
        return formats.stream().findFirst();
    }

    /** Where the far end receives RTP. */
    public InetSocketAddress rtpAddress() {
        return new InetSocketAddress(address, port);
    }
}
