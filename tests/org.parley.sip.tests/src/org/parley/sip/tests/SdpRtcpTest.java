package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;

/**
 * Where RTCP goes when it is not the port above RTP ({@code a=rtcp}, RFC 3605), and RTCP on the RTP
 * port ({@code a=rtcp-mux}, RFC 5761): pure logic.
 */
class SdpRtcpTest {

    private static final SessionDescription PLAIN = new SessionDescription("192.0.2.7", 4000,
            List.of(new RtpFormat(Codec.PCMU, 0)), MediaDirection.SEND_RECEIVE, 1);

    @Test
    void anRtcpAddressIsWrittenAndReadBack() {
        InetSocketAddress rtcp = new InetSocketAddress("198.51.100.9", 53017);
        String sdp = Sdp.write(PLAIN.withRtcp(rtcp), 5);
        assertTrue(sdp.contains("a=rtcp:53017 IN IP4 198.51.100.9\r\n"), sdp);
        assertEquals(Optional.of(rtcp), Sdp.read(sdp).rtcp());
    }

    @Test
    void aPortAloneIsOnTheMediaAddressAndWithoutTheAttributeThereIsNone() {
        String plain = Sdp.write(PLAIN, 5);
        assertEquals(Optional.empty(), Sdp.read(plain).rtcp(), "RTCP on the port above RTP");
        String portOnly = plain.replace("a=sendrecv", "a=rtcp:4711\r\na=sendrecv");
        assertEquals(Optional.of(new InetSocketAddress("192.0.2.7", 4711)), Sdp.read(portOnly).rtcp());
        String unreadable = plain.replace("a=sendrecv", "a=rtcp:many\r\na=sendrecv");
        assertEquals(Optional.empty(), Sdp.read(unreadable).rtcp(), "an unreadable attribute is left out");
    }

    @Test
    void rtcpMuxIsWrittenAndReadBackOnlyForTheAudioStream() {
        String muxed = Sdp.write(PLAIN.withRtcpMux(true), 5);
        assertTrue(muxed.contains("a=rtcp-mux\r\n"), muxed);
        assertTrue(Sdp.read(muxed).rtcpMux());
        String plain = Sdp.write(PLAIN, 5);
        assertFalse(plain.contains("rtcp-mux"), plain);
        assertFalse(Sdp.read(plain).rtcpMux());
        String atSessionLevel = plain.replace("m=audio", "a=rtcp-mux\r\nm=audio");
        assertFalse(Sdp.read(atSessionLevel).rtcpMux(), "RFC 5761 puts it on the media line");
        assertTrue(PLAIN.withRtcpMux(true).withKeys(SessionDescription.SRTP, List.of()).rtcpMux(), "kept by withKeys");
    }
}
