package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.sip.internal.sdp.MediaLine;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;
import org.parley.sip.internal.sdp.VideoDescription;

/** The video line of offers and answers, and answers that keep the offer's m= lines in order: pure logic. */
class SdpVideoTest {

    private static final SessionDescription AUDIO = new SessionDescription("192.0.2.7", 4000,
            List.of(new RtpFormat(Codec.PCMU, 0)), MediaDirection.SEND_RECEIVE, 1);
    private static final VideoDescription VIDEO = new VideoDescription("192.0.2.7", 4002, "RTP/AVP",
            List.of(new RtpFormat(Codec.VP8, 100)), MediaDirection.SEND_RECEIVE);

    /** An offer as Linphone or baresip write one: audio, video with two codecs, and a data channel. */
    private static final String OFFER = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 198.51.100.3", "s=-",
            "c=IN IP4 198.51.100.3", "t=0 0",
            "m=audio 7078 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000",
            "m=video 9078 RTP/AVP 96 97", "a=rtpmap:96 H264/90000", "a=rtpmap:97 VP8/90000",
            "a=fmtp:97 max-fr=30", "a=rtcp-fb:97 nack pli", "a=recvonly",
            "m=application 5000 UDP/DTLS/SCTP webrtc-datachannel", "") + "\r\n";

    @Test
    void anOfferWithVideoIsWrittenAndReadBack() {
        String sdp = Sdp.write(AUDIO, Optional.of(VIDEO), List.of(), 9);
        assertTrue(sdp.indexOf("m=audio 4000") < sdp.indexOf("m=video 4002 RTP/AVP 100"), sdp);
        assertTrue(sdp.contains("a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 nack pli\r\n"), sdp);
        assertEquals(Optional.of(VIDEO), Sdp.readVideo(sdp));
        assertEquals(AUDIO.formats(), Sdp.read(sdp).formats(), "the audio part reads as before");
    }

    @Test
    void theOffersVideoIsReadWithItsOwnAddressFormatsAndDirection() {
        VideoDescription video = Sdp.readVideo(OFFER).orElseThrow();
        assertEquals("198.51.100.3", video.address(), "the session's c= line");
        assertEquals(9078, video.port());
        assertEquals(List.of(new RtpFormat(new Codec("H264", 90000, 1), 96),
                new RtpFormat(Codec.VP8, 97, java.util.Map.of("max-fr", "30"))), video.formats());
        assertEquals(MediaDirection.RECEIVE_ONLY, video.direction());
        assertEquals(MediaDirection.SEND_RECEIVE, Sdp.read(OFFER).direction(), "the audio's direction is its own");
        assertEquals(List.of(new MediaLine("audio", "RTP/AVP", "0 101"), new MediaLine("video", "RTP/AVP", "96 97"),
                new MediaLine("application", "UDP/DTLS/SCTP", "webrtc-datachannel")), Sdp.mediaLines(OFFER));
    }

    @Test
    void anAnswerKeepsTheOffersLinesInOrderAndRejectsWhatItDoesNotTake() {
        List<MediaLine> lines = Sdp.mediaLines(OFFER);
        String withVideo = Sdp.write(AUDIO, Optional.of(VIDEO), lines, 9);
        assertEquals(List.of("audio", "video", "application"),
                Sdp.mediaLines(withVideo).stream().map(MediaLine::kind).toList(), withVideo);
        assertTrue(withVideo.contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"), withVideo);
        assertTrue(Sdp.readVideo(withVideo).orElseThrow().active(), withVideo);

        String withoutVideo = Sdp.write(AUDIO, Optional.empty(), lines, 9);
        assertTrue(withoutVideo.contains("m=video 0 RTP/AVP 96 97\r\n"), withoutVideo);
        assertFalse(Sdp.readVideo(withoutVideo).orElseThrow().active());
        String rejected = Sdp.write(AUDIO, Optional.of(VideoDescription.rejected("192.0.2.7")), lines, 9);
        assertEquals(withoutVideo, rejected, "a rejected video line answers as no video");

        String audioOnly = Sdp.write(AUDIO, 9);
        assertEquals(Optional.empty(), Sdp.readVideo(audioOnly));
        assertEquals(audioOnly, Sdp.write(AUDIO, Optional.empty(), Sdp.mediaLines(audioOnly), 9),
                "an answer to an audio-only offer is as before");
    }

    @Test
    void aVideoLineRemovedFromAnOfferKeepsItsPlaceWithPortZero() {
        String removal = Sdp.write(AUDIO, Optional.of(VideoDescription.rejected("192.0.2.7")), List.of(), 9);
        assertTrue(removal.contains("m=video 0 RTP/AVP"), removal);
        VideoDescription read = Sdp.readVideo(removal).orElseThrow();
        assertFalse(read.active());
    }

    @Test
    void unreadableVideoLinesAreNoVideoAndSrtpOnlyVideoIsSeenAsSuch() {
        assertEquals(Optional.empty(), Sdp.readVideo(OFFER.replace("m=video 9078 RTP/AVP 96 97", "m=video")));
        assertEquals(Optional.empty(), Sdp.readVideo(OFFER.replace("m=video 9078", "m=video many")));
        VideoDescription unknown = Sdp.readVideo(OFFER.replace("a=rtpmap:97 VP8/90000", "a=rtpmap:97 VP8")).orElseThrow();
        assertFalse(unknown.formats().stream().anyMatch(format -> format.codec().sameAs(Codec.VP8)),
                "an rtpmap without the 90 kHz clock is no VP8/90000: " + unknown);
        assertTrue(Sdp.readVideo(OFFER.replace("m=video 9078 RTP/AVP", "m=video 9078 RTP/SAVPF")).orElseThrow()
                .requiresSrtp());
        assertEquals(2, Sdp.readVideo(OFFER.replace("m=video 9078 RTP/AVP 96 97", "m=video 9078 RTP/AVP 96 x 97"))
                .orElseThrow().formats().size(), "a format token that is no number is skipped");
    }
}
