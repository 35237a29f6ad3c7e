package org.parley.sip.internal.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;

/**
 * The audio part of an SDP offer or answer (RFC 4566, RFC 3264): where to send RTP, in which
 * formats (most preferred first), and which way audio flows. Other media lines are kept only as
 * their count, so that an answer can reject them in order.
 *
 * @param address    the connection address (c=) of the audio stream
 * @param port       the audio port; 0 means the stream is rejected
 * @param formats    the audio formats with their payload types, in the sender's order of preference
 * @param direction  sendrecv, sendonly, recvonly or inactive
 * @param version    the o= session version, raised with each change
 */
public record SessionDescription(String address, int port, List<RtpFormat> formats, MediaDirection direction,
        long version) {

    public SessionDescription {
        Objects.requireNonNull(address, "address");
        formats = List.copyOf(formats);
        Objects.requireNonNull(direction, "direction");
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
