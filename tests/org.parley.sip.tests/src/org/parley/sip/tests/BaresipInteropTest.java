package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.VideoStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.baresip.Baresip;

/**
 * Calls with baresip (Debian's package, a DTLS-SRTP implementation on OpenSSL) as the far end on
 * loopback: DTLS-SRTP keys the media in both roles (Parley's offer makes it the DTLS server,
 * baresip's offer makes it the client); Parley hears baresip's tone, and baresip receives Parley's
 * whole PCMU stream through SRTP (its status line; baresip 1.0 cannot write what it hears to a file).
 * With video (baresip's {@code fakevideo} source and display, its libvpx VP8), each side decodes the
 * other's pictures at the size they were sent; with ICE (baresip's {@code ice} module) both sides'
 * connectivity checks complete and the audio flows over the pair they chose.
 */
class BaresipInteropTest {

    private static final Path WORK = AccountFixture.WORK.resolve("baresip");
    private static final MediaSecurity DTLS =
            new MediaSecurity.Srtp(MediaSecurity.KeyExchange.DTLS, "AES_CM_128_HMAC_SHA1");
    private static final Duration BARESIP_WAIT = Duration.ofSeconds(15);
    /** What baresip shows receiving from a PCMU stream it decrypts: 64 kbit/s, less a margin for its averaging. */
    private static final int PCMU_RATE = 56_000;

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void aMandatoryDtlsCallToBaresipIsKeyedByTheHandshakeAndEachSideHearsTheOther() throws Exception {
        Path atAlice = loopback.file("at-alice.wav");
        Telephony alice = loopback.account("alice", Map.of("srtp", "mandatory", "srtpKeyExchange", "dtls",
                "audioSink", "wav:" + atAlice));
        try (Baresip bob = loopback.baresip().user("bob").tone(440).mediaEncryption("dtls_srtp").start()) {
            Call call = alice.call(new Address(bob.uri()));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            loopback.events("alice").await(CallEvent.SecurityChanged.class, e -> e.security().equals(DTLS),
                    "the DTLS handshake with baresip");
            bob.await("dtls_srtp: .*(established|secure|SRTP)", BARESIP_WAIT);
            Thread.sleep(2000);
            assertTrue(call.statistics().packetsReceived() > 50, "alice receives baresip's SRTP: " + call.statistics());
            bob.awaitReceiving(PCMU_RATE, BARESIP_WAIT);
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            bob.await("(?i)call closed|terminated|session closed", BARESIP_WAIT);
            assertTrue(loopback.trace("alice").contains(" UDP/TLS/RTP/SAVP "), "offered DTLS-SRTP only");
            assertTrue(Tones.dominance(Tones.read(atAlice), 440) > 20, "alice hears baresip's 440 Hz");
        }
    }

    @Test
    void baresipsDtlsOfferIsAnsweredWithTheHandshakeAndEachSideHearsTheOther() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Path atBob = loopback.file("at-bob.wav");
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSink", "wav:" + atBob));
        try (Baresip carol = loopback.baresip().user("carol").tone(440).mediaEncryption("dtls_srtp").start()) {
            carol.command("/dial sip:bob@127.0.0.1:" + bobPort);
            Call call = loopback.incomingAt("bob");
            loopback.events("bob").awaitState(CallState.CONNECTED);
            loopback.events("bob").await(CallEvent.SecurityChanged.class, e -> e.security().equals(DTLS),
                    "the DTLS handshake with baresip");
            Thread.sleep(2000);
            assertTrue(call.statistics().packetsReceived() > 50, "bob receives baresip's SRTP: " + call.statistics());
            carol.awaitReceiving(PCMU_RATE, BARESIP_WAIT);
            call.hangUp();
            loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
            carol.await("(?i)call closed|terminated|session closed", BARESIP_WAIT);
            assertEquals(DTLS, call.security(), "an ended call still says how it was secured");
            assertTrue(loopback.trace("bob").contains("a=setup:active"), "the answerer starts the handshake");
            assertTrue(Tones.dominance(Tones.read(atBob), 440) > 20, "bob hears baresip's 440 Hz");
        }
    }

    @Test
    void aVideoCallWithBaresipCarriesVp8BothWays() throws Exception {
        Telephony alice = loopback.account("alice", Map.of("video", "offer", "videoSource", "testpattern:320x240@15"));
        try (Baresip bob = loopback.baresip().user("bob").video().start()) {
            Call call = alice.call(new Address(bob.uri()));
            loopback.events("alice").await(CallEvent.VideoChanged.class,
                    e -> e.video() == MediaDirection.SEND_RECEIVE, "video both ways with baresip");
            LoopbackCalls.await(() -> call.videoStatistics().map(VideoStatistics::framesReceived).orElse(0L) >= 20,
                    () -> "baresip's pictures arrive and decode: " + call.videoStatistics());
            VideoStatistics received = call.videoStatistics().orElseThrow();
            assertEquals(Baresip.VIDEO_WIDTH, received.receivedWidth(), received.toString());
            assertEquals(Baresip.VIDEO_HEIGHT, received.receivedHeight(), received.toString());
            bob.await("video: receiving with resolution 320 x 240", BARESIP_WAIT);
            bob.await("video=\\d+/[1-9]\\d{4,}", BARESIP_WAIT);
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
        }
    }

    @Test
    void baresipsVideoOfferIsTakenAndPicturesFlowBothWays() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "videoSource", "testpattern:640x480@15"));
        try (Baresip carol = loopback.baresip().user("carol").video().start()) {
            carol.command("/dial sip:bob@127.0.0.1:" + bobPort);
            Call call = loopback.incomingAt("bob");
            loopback.events("bob").await(CallEvent.VideoChanged.class,
                    e -> e.video() == MediaDirection.SEND_RECEIVE, "video both ways with baresip");
            LoopbackCalls.await(() -> call.videoStatistics().map(VideoStatistics::framesReceived).orElse(0L) >= 20,
                    () -> "baresip's pictures arrive and decode: " + call.videoStatistics());
            carol.await("video: receiving with resolution 640 x 480", BARESIP_WAIT);
            carol.await("video=\\d+/[1-9]\\d{4,}", BARESIP_WAIT);
            call.hangUp();
            loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
        }
    }

    @Test
    void iceWithBaresipAgreesOnAPairAndBaresipReceivesTheAudio() throws Exception {
        Path atAlice = loopback.file("at-alice.wav");
        Telephony alice = loopback.account("alice", Map.of("ice", "true", "audioSink", "wav:" + atAlice));
        try (Baresip bob = loopback.baresip().user("bob").tone(440).ice().start()) {
            Call call = alice.call(new Address(bob.uri()));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            LoopbackCalls.await(() -> call.statistics().packetsReceived() > 100,
                    () -> "baresip's audio reaches alice over ICE: " + call.statistics());
            bob.await("ice: audio: connectivity check is complete", BARESIP_WAIT);
            bob.await("stream: mnat 'ice' connected", BARESIP_WAIT);
            bob.awaitReceiving(PCMU_RATE, BARESIP_WAIT);
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            String trace = loopback.trace("alice");
            assertTrue(trace.indexOf("a=ice-ufrag:") != trace.lastIndexOf("a=ice-ufrag:"),
                    "both sides did ICE:\n" + trace);
            assertTrue(Tones.dominance(Tones.read(atAlice), 440) > 20, "alice hears baresip's 440 Hz");
        }
    }
}
