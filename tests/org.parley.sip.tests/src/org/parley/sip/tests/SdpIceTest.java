package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;

/** ICE credentials and candidates in SDP (RFC 8839) and the candidate attribute itself: pure logic. */
class SdpIceTest {

    private static final SessionDescription AUDIO = new SessionDescription("192.0.2.7", 4000,
            List.of(new RtpFormat(Codec.PCMU, 0)), MediaDirection.SEND_RECEIVE, 1);
    private static final IceCandidate HOST = IceCandidate.parse("1 1 UDP 2130706431 192.0.2.7 4000 typ host");
    private static final IceCandidate RELAY = IceCandidate.parse(
            "3 2 udp 16777214 198.51.100.9 50001 typ relay raddr 203.0.113.5 rport 40001 generation 0");
    private static final IceParameters ICE = new IceParameters("F7gI", "x9cml/YzichV2+XlhiMu8g", List.of(HOST, RELAY));

    @Test
    void candidatesAreReadAndWrittenAsRfc8839Says() {
        assertEquals(new IceCandidate("1", 1, "UDP", 2130706431L, "192.0.2.7", 4000, IceCandidate.Type.HOST,
                Optional.empty(), 0), HOST);
        assertEquals(IceCandidate.Type.RELAYED, RELAY.type());
        assertEquals("UDP", RELAY.transport(), "transports are compared without case");
        assertEquals(Optional.of("203.0.113.5"), RELAY.relatedAddress());
        assertEquals(40001, RELAY.relatedPort());
        assertEquals("3 2 UDP 16777214 198.51.100.9 50001 typ relay raddr 203.0.113.5 rport 40001", RELAY.attribute(),
                "extension attributes are not written back");
        assertEquals(RELAY, IceCandidate.parse(RELAY.attribute()));
        assertTrue(IceCandidate.parse("1 1 TCP 2105458943 192.0.2.7 9 typ host tcptype active").usable() == false,
                "TCP candidates are read but not used");
    }

    @Test
    void malformedCandidatesAreRefused() {
        for (String bad : List.of("", "1 1 UDP", "1 1 UDP x 192.0.2.7 4000 typ host", "1 1 UDP 1 192.0.2.7 4000 host",
                "1 1 UDP 1 192.0.2.7 70000 typ host", "1 0 UDP 1 192.0.2.7 4000 typ host",
                "1 1 UDP 1 192.0.2.7 4000 typ teleport")) {
            assertThrows(IllegalArgumentException.class, () -> IceCandidate.parse(bad), bad);
        }
    }

    @Test
    void theAudioStreamsIceIsWrittenAndReadBack() {
        String sdp = Sdp.write(AUDIO.withIce(Optional.of(ICE)), 3);
        assertTrue(sdp.contains("a=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n"), sdp);
        assertTrue(sdp.contains("a=candidate:1 1 UDP 2130706431 192.0.2.7 4000 typ host\r\n"), sdp);
        assertEquals(Optional.of(ICE), Sdp.read(sdp).ice());
        assertEquals(Optional.empty(), Sdp.read(Sdp.write(AUDIO, 3)).ice(), "no ICE without the attributes");
    }

    @Test
    void credentialsAtSessionLevelCountAndIncompleteIceIsNoIce() {
        String sdp = Sdp.write(AUDIO.withIce(Optional.of(ICE)), 3);
        String sessionLevel = sdp.replace("a=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n", "")
                .replace("t=0 0\r\n", "t=0 0\r\na=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n");
        assertEquals(Optional.of(ICE), Sdp.read(sessionLevel).ice());
        assertEquals(Optional.empty(), Sdp.read(sdp.replace("a=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n", "")).ice(),
                "no password, no ICE");
        assertEquals(Optional.empty(), Sdp.read(sdp.replace("x9cml/YzichV2+XlhiMu8g", "short")).ice(),
                "a password shorter than RFC 8445 allows is no ICE");
        String withoutCandidates = sdp.replaceAll("a=candidate:[^\r]*\r\n", "");
        assertEquals(Optional.empty(), Sdp.read(withoutCandidates).ice(), "no candidate, no ICE");
        String oneUnreadable = sdp.replace("typ host", "typ teleport");
        assertEquals(List.of(RELAY), Sdp.read(oneUnreadable).ice().orElseThrow().candidates(),
                "an unreadable candidate is skipped, the others stay");
    }
}
