package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.TestPatternPictures;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;

/**
 * VP8 video calls between two Parley accounts on loopback: offered with the call, added and removed
 * during it by re-INVITE from either side, refused by an account with video off, and received by a
 * side without a camera. Pictures are the engine's test pattern, whose frame numbers the far end
 * reads back from the decoded pictures.
 */
class VideoCallTest {

    private static final Path WORK = AccountFixture.WORK.resolve("video");
    private static final String SMALL = "testpattern:320x240@15";
    private static final String LARGE = "testpattern:640x480@10";
    private static final MediaSecurity SDES_VIDEO =
            new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES, "AES_CM_128_HMAC_SHA1_80");

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void aCallPlacedWithVideoCarriesPicturesBothWaysBesideItsAudio() throws Exception {
        Call alice = call(Map.of("video", "offer", "videoSource", SMALL), Map.of("videoSource", LARGE));
        awaitVideo("alice", MediaDirection.SEND_RECEIVE);
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call bob = loopback.incomingAt("bob");
        awaitVideo("bob", MediaDirection.SEND_RECEIVE);
        awaitPictures(alice, 640, 480);
        awaitPictures(bob, 320, 240);
        assertTrue(alice.statistics().packetsReceived() > 0, "audio flows too: " + alice.statistics());
        String trace = loopback.trace("alice");
        assertTrue(trace.contains("m=video") && trace.contains("a=rtpmap:100 VP8/90000"), trace);
        String offeredVideo = trace.substring(trace.indexOf("m=video"));
        assertTrue(offeredVideo.substring(0, offeredVideo.indexOf("a=sendrecv")).contains("a=crypto:"),
                "the video line carries keys of its own (srtp=optional):\n" + trace);
        assertEquals(SDES_VIDEO, alice.videoSecurity(), "alice's video is SRTP");
        assertEquals(SDES_VIDEO, bob.videoSecurity(), "bob's video is SRTP");
        hangUp(alice);
        VideoStatistics last = alice.videoStatistics().orElseThrow();
        assertTrue(last.framesSent() > 10 && last.framesReceived() > 10, "the last figures stay: " + last);
        assertEquals(MediaDirection.INACTIVE, alice.video(), "an ended call has no video");
    }

    @Test
    void videoIsAddedAndRemovedDuringACallFromEitherSide() throws Exception {
        Call alice = call(Map.of("videoSource", SMALL), Map.of("videoSource", LARGE));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call bob = loopback.incomingAt("bob");
        assertFalse(loopback.trace("alice").contains("m=video"), "calls start without video by default");
        assertEquals(MediaDirection.INACTIVE, alice.video());

        alice.setVideo(true);
        awaitVideo("alice", MediaDirection.SEND_RECEIVE);
        awaitVideo("bob", MediaDirection.SEND_RECEIVE);
        awaitPictures(alice, 640, 480);
        awaitPictures(bob, 320, 240);

        alice.setVideo(false);
        awaitVideo("alice", MediaDirection.INACTIVE);
        awaitVideo("bob", MediaDirection.INACTIVE);
        assertTrue(loopback.trace("alice").contains("m=video 0 "), "the line stays, with port 0");
        long packets = alice.statistics().packetsReceived();
        LoopbackCalls.await(() -> alice.statistics().packetsReceived() > packets + 20, () -> "audio goes on");

        bob.setVideo(true);
        awaitVideo("bob", MediaDirection.SEND_RECEIVE);
        awaitVideo("alice", MediaDirection.SEND_RECEIVE);
        awaitPictures(alice, 640, 480);
        hangUp(alice);
    }

    @Test
    void anAccountWithVideoOffAnswersWithoutItAndTheCallGoesOnWithAudio() throws Exception {
        Call alice = call(Map.of("video", "offer", "videoSource", SMALL), Map.of("video", "off"));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call bob = loopback.incomingAt("bob");
        loopback.events("bob").awaitState(CallState.CONNECTED);
        assertTrue(loopback.trace("bob").contains("m=video 0 "), "bob rejects the video line:\n" + loopback.trace("bob"));
        assertEquals(MediaDirection.INACTIVE, alice.video());
        assertEquals(MediaDirection.INACTIVE, bob.video());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> bob.setVideo(true));
        assertTrue(refused.getMessage().contains("video=off"), refused.getMessage());
        LoopbackCalls.await(() -> alice.statistics().packetsReceived() > 20, () -> "audio flows: " + alice.statistics());
        hangUp(alice);
    }

    @Test
    void anAccountWithoutSrtpOffersPlainVideo() throws Exception {
        Call plain = call(Map.of("video", "offer", "videoSource", SMALL, "srtp", "off"), Map.of("videoSource", SMALL));
        awaitVideo("alice", MediaDirection.SEND_RECEIVE);
        awaitPictures(plain, 320, 240);
        assertEquals(new MediaSecurity.Unsecured(), plain.videoSecurity());
        hangUp(plain);
    }

    @Test
    void accountsThatRequireEncryptionGetSrtpOnlyVideo() throws Exception {
        Call secured = call(Map.of("video", "offer", "videoSource", SMALL, "srtp", "mandatory"),
                Map.of("videoSource", LARGE, "srtp", "mandatory"));
        awaitVideo("alice", MediaDirection.SEND_RECEIVE);
        awaitPictures(secured, 640, 480);
        assertEquals(SDES_VIDEO, secured.videoSecurity());
        assertTrue(loopback.trace("alice").contains("m=video") && loopback.trace("alice").contains(" RTP/SAVP 100"),
                "mandatory offers SRTP-only video: " + loopback.trace("alice"));
        hangUp(secured);
    }

    @Test
    void aSideWithoutCameraSeesTheFarEndAndSendsNothing() throws Exception {
        Call alice = call(Map.of("video", "offer", "videoSource", SMALL), Map.of());
        awaitVideo("alice", MediaDirection.SEND_ONLY);
        Call bob = loopback.incomingAt("bob");
        awaitVideo("bob", MediaDirection.RECEIVE_ONLY);
        awaitPictures(bob, 320, 240);
        Thread.sleep(500);
        assertEquals(0, bob.videoStatistics().orElseThrow().framesSent(), "bob has no camera");
        assertEquals(0, alice.videoStatistics().orElseThrow().framesReceived());
        hangUp(alice);
    }

    /** Alice (with {@code aliceSettings}) calls bob (auto-answering, with {@code bobSettings}). */
    private Call call(Map<String, String> aliceSettings, Map<String, String> bobSettings) throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Map<String, String> bob = new HashMap<>(Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        bob.putAll(bobSettings);
        loopback.account("bob", bob);
        Telephony alice = loopback.account("alice", aliceSettings);
        return alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
    }

    private void awaitVideo(String name, MediaDirection direction) throws InterruptedException {
        loopback.events(name).await(CallEvent.VideoChanged.class, event -> event.video() == direction,
                "video " + direction);
    }

    /** Waits until the call has shown 10 whole pictures of the far end's test pattern, of that size, counting up. */
    private static void awaitPictures(Call call, int width, int height) throws InterruptedException {
        LoopbackCalls.await(() -> call.videoStatistics().map(VideoStatistics::framesReceived).orElse(0L) >= 10,
                () -> call.peer() + "'s pictures arrive: " + call.videoStatistics());
        VideoFrame first = call.latestVideoFrame().orElseThrow();
        assertEquals(width, first.width(), first.toString());
        assertEquals(height, first.height(), first.toString());
        OptionalLong before = TestPatternPictures.number(first);
        assertTrue(before.isPresent(), "the picture is the far end's test pattern");
        LoopbackCalls.await(() -> call.latestVideoFrame().map(TestPatternPictures::number)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong)
                .filter(number -> number != before.getAsLong()).isPresent(), () -> "the pictures move on");
    }

    private void hangUp(Call call) throws InterruptedException {
        call.hangUp();
        loopback.events("alice").await(CallEvent.Ended.class, e -> true, "alice's end");
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "bob's end");
    }
}
