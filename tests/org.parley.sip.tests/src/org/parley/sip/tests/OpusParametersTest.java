package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.sip.internal.sdp.Negotiation;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;

/**
 * Opus's format parameters (RFC 7587) in SDP: ours are written as the engine gives them, the far
 * end's are read, and an answer carries ours while the stream is started with theirs: pure logic.
 */
class OpusParametersTest {

    private static final Map<String, String> OURS = ordered("useinbandfec", "1", "usedtx", "1",
            "maxaveragebitrate", "32000");
    private static final RtpFormat OPUS = new RtpFormat(Codec.OPUS, 111, OURS);
    private static final RtpFormat EVENTS = new RtpFormat(Codec.TELEPHONE_EVENT, 101);

    private static final String LINPHONE_OFFER = "v=0\r\no=linphone 1 1 IN IP4 127.0.0.1\r\ns=Talk\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7078 RTP/AVP 96 0 101\r\n"
            + "a=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1; usedtx=0; maxplaybackrate=16000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

    @Test
    void ourOpusParametersAreWrittenInOneFmtpLine() {
        String sdp = Sdp.write(new SessionDescription("127.0.0.1", 4000, List.of(OPUS, EVENTS),
                MediaDirection.SEND_RECEIVE, 1), 1);
        assertTrue(sdp.contains("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1;usedtx=1;maxaveragebitrate=32000\r\n"),
                sdp);
        assertTrue(sdp.contains("a=fmtp:101 0-16\r\n"), sdp);
        assertEquals(List.of(OPUS, EVENTS), Sdp.read(sdp).formats(), "what we write reads back the same");
    }

    @Test
    void theFarEndsParametersAreRead() {
        List<RtpFormat> offered = Sdp.read(LINPHONE_OFFER).formats();
        assertEquals(ordered("useinbandfec", "1", "usedtx", "0", "maxplaybackrate", "16000"),
                offered.get(0).parameters());
        assertEquals(Map.of(), offered.get(1).parameters(), "PCMU has none");
        assertEquals(Map.of(), offered.get(2).parameters(), "0-15 is no name=value parameter");
    }

    @Test
    void theAnswerCarriesOursAndTheStreamFollowsTheirs() {
        List<RtpFormat> offered = Sdp.read(LINPHONE_OFFER).formats();
        List<RtpFormat> answer = Negotiation.answerFormats(offered, List.of(OPUS, EVENTS));
        assertEquals(List.of(new RtpFormat(new Codec("opus", 48000, 2), 96, OURS),
                new RtpFormat(Codec.TELEPHONE_EVENT, 101)), answer);
        assertEquals(List.of(offered.get(0), offered.get(2)), Negotiation.asOffered(offered, answer));
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
