package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Where RTCP goes when it is not the port above RTP ({@code a=rtcp}, RFC 3605): pure logic. */
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
}
