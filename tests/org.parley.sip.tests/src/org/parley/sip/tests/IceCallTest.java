package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.TestPatternPictures;
import org.parley.core.media.VideoStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.coturn.StunServer;

/**
 * ICE (RFC 8445, ice4j) between two Parley accounts on loopback: candidates in offer and answer, the
 * connectivity checks' pair carrying the call's audio both ways; a far end without ICE reached on the
 * SDP's default address; and, with only relayed candidates announced (the test knob
 * {@code parley.ice.relayOnly}), the audio relayed by a TURN server (coturn from Debian) on both sides;
 * video with candidates of its own.
 */
class IceCallTest {

    private static final Path WORK = AccountFixture.WORK.resolve("ice");

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void twoAccountsWithIceAgreeOnAPairAndHearEachOther() throws Exception {
        Call call = callAndTalk(Map.of("ice", "true"), Map.of("ice", "true"));
        String trace = loopback.trace("alice");
        assertTrue(LoopbackCalls.occurrences(trace, "a=ice-ufrag:") >= 2, "ICE in the INVITE and in the 200 OK:\n" + trace);
        assertTrue(trace.contains(" typ host"), trace);
        assertEquals(IceCandidate.Type.HOST, call.icePath().orElseThrow().type(), "ICE chose bob's host address");
        loopback.hangUpAndCheckTones(call);
    }

    @Test
    void videoHasItsOwnCandidatesAndPicturesTakeThePairItsChecksFound() throws Exception {
        Call call = callAndTalk(Map.of("ice", "true", "video", "offer", "videoSource", "testpattern"),
                Map.of("ice", "true", "videoSource", "testpattern"));
        LoopbackCalls.await(() -> call.videoStatistics().map(VideoStatistics::framesReceived).orElse(0L) >= 10,
                () -> "bob's pictures reach alice over ICE: " + call.videoStatistics());
        String trace = loopback.trace("alice");
        String offeredVideo = trace.substring(trace.indexOf("m=video"));
        assertTrue(offeredVideo.substring(0, offeredVideo.indexOf("a=sendrecv")).contains("a=candidate:"),
                "the video line has candidates of its own:\n" + trace);
        assertTrue(TestPatternPictures.number(call.latestVideoFrame().orElseThrow()).isPresent());
        loopback.hangUpAndCheckTones(call);
    }

    @Test
    void aFarEndWithoutIceIsReachedOnTheDefaultAddress() throws Exception {
        Call call = callAndTalk(Map.of("ice", "true"), Map.of());
        assertTrue(LoopbackCalls.occurrences(loopback.trace("bob"), "a=ice-ufrag:") == 1, "only alice's offer has ICE:\n"
                + loopback.trace("bob"));
        assertEquals(Optional.empty(), call.icePath(), "no ICE path without ICE at the far end");
        loopback.hangUpAndCheckTones(call);
    }

    @Test
    void withOnlyRelayedCandidatesTheAudioGoesThroughTheTurnServer() throws Exception {
        try (StunServer turn = StunServer.startTurn(WORK.resolve("turn"), "parley", "s3cret-turn")) {
            System.setProperty("parley.ice.relayOnly", "true");
            try {
                String server = "127.0.0.1:" + turn.address().getPort();
                Map<String, String> ice = Map.of("ice", "true", "turnServer", server, "turnUser", "parley");
                Call call = callAndTalk(ice, ice, "s3cret-turn");
                String trace = loopback.trace("alice");
                assertTrue(trace.contains(" typ relay"), "relayed candidates announced:\n" + trace);
                assertFalse(trace.contains(" typ host"), "and nothing else:\n" + trace);
                assertEquals(IceCandidate.Type.RELAYED, call.icePath().orElseThrow().type(), "ICE chose a relay");
                loopback.hangUpAndCheckTones(call);
            } finally {
                System.clearProperty("parley.ice.relayOnly");
            }
            String log = Files.readString(WORK.resolve("turn").resolve("turnserver.log"));
            assertTrue(LoopbackCalls.occurrences(log, "ALLOCATE processed, success") >= 2, "both sides allocated relays:\n" + log);
            assertTrue(log.contains("CHANNEL_BIND processed, success"), "a channel carries the media:\n" + log);
        }
    }

    @Test
    void aWrongTurnPasswordLeavesNoRelayAndTheCallTakesTheDefaultAddress() throws Exception {
        try (StunServer turn = StunServer.startTurn(WORK.resolve("turn-refused"), "parley", "s3cret-turn")) {
            System.setProperty("parley.ice.relayOnly", "true");
            try {
                String server = "127.0.0.1:" + turn.address().getPort();
                Map<String, String> ice = Map.of("ice", "true", "turnServer", server, "turnUser", "parley");
                Call call = callAndTalk(ice, ice, "not-the-password");
                assertFalse(loopback.trace("alice").contains(" typ relay"), loopback.trace("alice"));
                loopback.hangUpAndCheckTones(call);
            } finally {
                System.clearProperty("parley.ice.relayOnly");
            }
        }
    }

    private Call callAndTalk(Map<String, String> aliceSettings, Map<String, String> bobSettings) throws Exception {
        return callAndTalk(aliceSettings, bobSettings, "");
    }

    /** Alice calls bob (auto-answering, 440 Hz); both hear each other within a few seconds. */
    private Call callAndTalk(Map<String, String> aliceSettings, Map<String, String> bobSettings, String turnPassword)
            throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Map<String, String> bob = new HashMap<>(Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSource", "tone:440", "audioSink", "wav:" + loopback.file("at-bob.wav")));
        bob.putAll(bobSettings);
        loopback.account("bob", bob);
        Map<String, String> alice = new HashMap<>(Map.of("audioSink", "wav:" + loopback.file("at-alice.wav")));
        alice.putAll(aliceSettings);
        Telephony telephony = loopback.account("alice", alice);
        if (!turnPassword.isEmpty()) {
            loopback.storeTurnPassword("alice", turnPassword);
            loopback.storeTurnPassword("bob", turnPassword);
        }
        Call call = telephony.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        LoopbackCalls.await(() -> call.statistics().packetsReceived() > 100,
                () -> "bob's audio reaches alice: " + call.statistics());
        return call;
    }

}
