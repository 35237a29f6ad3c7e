package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * Two SIP user agents of Parley (two accounts, each with its own SIP stack, port and libjitsi
 * media session) call each other through a real Kamailio and directly: signalling, audio both
 * ways with a tone detected at the far end, hold and resume, DTMF, reject and cancel.
 */
class CallTest {

    private static final Path WORK = AccountFixture.WORK;
    private static final double ALICE_TONE = 1000;
    private static final double BOB_TONE = 440;
    private AccountFixture accounts;
    private CallEvents aliceEvents;
    private CallEvents bobEvents;

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-calls",
            Map.of("alice", "alice-secret", "bob", "bob-secret", "carol", "carol-secret"));

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
        aliceEvents = new CallEvents(accounts.context, "alice");
        bobEvents = new CallEvents(accounts.context, "bob");
    }

    @AfterEach
    void cleanUp() throws Exception {
        aliceEvents.close();
        bobEvents.close();
        accounts.close();
    }

    private void createAccounts(boolean bobAnswersAtOnce, Map<String, String> bobExtra) throws Exception {
        Map<String, String> alice = new HashMap<>(Map.of("registrar", kamailio.host() + ":" + kamailio.udpPort(),
                "audioSource", "tone:" + ALICE_TONE, "audioSink", "wav:" + WORK.resolve("at-alice.wav")));
        Map<String, String> bob = new HashMap<>(Map.of("registrar", kamailio.host() + ":" + kamailio.udpPort(),
                "audioSource", "tone:" + BOB_TONE, "audioSink", "wav:" + WORK.resolve("at-bob.wav"),
                "autoAnswer", String.valueOf(bobAnswersAtOnce)));
        bob.putAll(bobExtra);
        alice.put("sipTrace", "true");
        alice.put("sipTraceFile", WORK.resolve("trace-alice.log").toString());
        bob.put("sipTrace", "true");
        bob.put("sipTraceFile", WORK.resolve("trace-bob.log").toString());
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", alice);
        accounts.create("bob", kamailio.sipUri("bob"), "bob-secret", bob);
        accounts.await("alice", AccountFixture::registered, "registered");
        accounts.await("bob", AccountFixture::registered, "registered");
    }

    /** A third party for transfers: answers at once, sends silence. */
    private void createCarol() throws Exception {
        accounts.createRegistered("carol", kamailio.sipUri("carol"), "carol-secret",
                kamailio.host() + ":" + kamailio.udpPort(),
                Map.of("audioSource", "silence", "audioSink", "discard", "autoAnswer", "true"));
    }

    private Telephony telephony(String account) throws Exception {
        return accounts.telephony(account);
    }

    @Test
    void aCallThroughKamailioCarriesAudioBothWaysHoldsResumesAndSendsDtmf() throws Exception {
        createAccounts(true, Map.of());
        Call call = telephony("alice").call(new Address(kamailio.sipUri("bob")));
        assertEquals(CallDirection.OUTGOING, call.direction());

        bobEvents.await(CallEvent.Started.class, event -> event.direction() == CallDirection.INCOMING,
                "an incoming call");
        aliceEvents.awaitState(CallState.CONNECTED);
        bobEvents.awaitState(CallState.CONNECTED);
        Call atBob = telephony("bob").calls().get(0);
        assertEquals(CallState.CONNECTED, atBob.state());

        Thread.sleep(2500);
        assertFlowing(call.statistics(), "alice");
        assertFlowing(atBob.statistics(), "bob");
        MediaSecurity sdes = new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES, "AES_CM_128_HMAC_SHA1_80");
        assertEquals(sdes, call.security(), "by default (srtp=optional) the call's media is encrypted");
        assertEquals(sdes, atBob.security());

        call.setOnHold(true);
        aliceEvents.awaitState(CallState.ON_HOLD);
        bobEvents.awaitState(CallState.ON_HOLD);
        call.setOnHold(false);
        aliceEvents.awaitState(CallState.CONNECTED);
        bobEvents.awaitState(CallState.CONNECTED);
        // keys are pressed once the call is audibly back, not in the millisecond the 200 OK arrives
        awaitPacketsArriving(call, "alice, after the resume");

        call.sendDtmf("15#");
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            digits.append(bobEvents.await(CallEvent.DtmfReceived.class, event -> true, "a DTMF digit").digit());
        }
        assertEquals("15#", digits.toString(), "the digits arrive at bob in order");

        call.hangUp();
        assertEquals(EndReason.LOCAL_HANGUP, aliceEvents.await(CallEvent.Ended.class, e -> true, "the end").reason());
        assertEquals(EndReason.REMOTE_HANGUP, bobEvents.await(CallEvent.Ended.class, e -> true, "the end").reason());
        assertTrue(telephony("alice").calls().isEmpty() && telephony("bob").calls().isEmpty(), "no calls are left");

        assertToneHeard(WORK.resolve("at-bob.wav"), ALICE_TONE);
        assertToneHeard(WORK.resolve("at-alice.wav"), BOB_TONE);
    }

    @Test
    void aBusyRejectionEndsTheCallerSCallWithTheReason() throws Exception {
        createAccounts(false, Map.of());
        telephony("alice").call(new Address(kamailio.sipUri("bob")));
        bobEvents.await(CallEvent.Started.class, event -> true, "an incoming call");
        aliceEvents.awaitState(CallState.RINGING);
        telephony("bob").calls().get(0).reject(true);
        CallEvent.Ended ended = aliceEvents.await(CallEvent.Ended.class, event -> true, "the end");
        assertEquals(EndReason.REJECTED, ended.reason());
        assertTrue(ended.detail().startsWith("486"), ended.detail());
    }

    @Test
    void hangingUpWhileItRingsCancelsTheCall() throws Exception {
        createAccounts(false, Map.of());
        Call call = telephony("alice").call(new Address(kamailio.sipUri("bob")));
        aliceEvents.awaitState(CallState.RINGING);
        bobEvents.await(CallEvent.Started.class, event -> true, "an incoming call");
        call.hangUp();
        assertEquals(EndReason.LOCAL_HANGUP, aliceEvents.await(CallEvent.Ended.class, e -> true, "the end").reason());
        CallEvent.Ended atBob = bobEvents.await(CallEvent.Ended.class, e -> true, "the end");
        assertEquals(EndReason.REMOTE_HANGUP, atBob.reason(), atBob.detail());
    }

    @Test
    void aDirectCallWithoutTheServerCarriesAudio() throws Exception {
        int bobPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            bobPort = probe.getLocalPort();
        }
        // accounts that do not register send their requests straight to the address called
        accounts.create("alice", "sip:alice@127.0.0.1", null, Map.of("register", "false", "localAddress",
                "127.0.0.1", "audioSource", "tone:" + ALICE_TONE, "audioSink", "discard"));
        accounts.create("bob", "sip:bob@127.0.0.1", null, Map.of("register", "false", "localAddress", "127.0.0.1",
                "localPort", String.valueOf(bobPort), "audioSource", "tone:" + BOB_TONE, "audioSink", "discard",
                "autoAnswer", "true"));
        Call call = telephony("alice").call(new Address("sip:bob@127.0.0.1:" + bobPort));
        aliceEvents.awaitState(CallState.CONNECTED);
        bobEvents.awaitState(CallState.CONNECTED);
        Thread.sleep(1500);
        assertFlowing(call.statistics(), "alice (direct)");
        call.hangUp();
        bobEvents.await(CallEvent.Ended.class, e -> true, "the end");
    }

    @Test
    void aBlindTransferHandsTheCallToTheTarget() throws Exception {
        createAccounts(true, Map.of());
        createCarol();
        try (CallEvents carolEvents = new CallEvents(accounts.context, "carol")) {
            Call call = telephony("alice").call(new Address(kamailio.sipUri("bob")));
            aliceEvents.awaitState(CallState.CONNECTED);
            bobEvents.awaitState(CallState.CONNECTED);

            call.transfer(new Address(kamailio.sipUri("carol")));
            carolEvents.await(CallEvent.Started.class, event -> event.direction() == CallDirection.INCOMING,
                    "the transferred call");
            carolEvents.awaitState(CallState.CONNECTED);
            CallEvent.Ended atAlice = aliceEvents.await(CallEvent.Ended.class, e -> true, "the end of her part");
            assertEquals(EndReason.TRANSFERRED, atAlice.reason(), atAlice.detail());
            assertEquals(EndReason.REMOTE_HANGUP,
                    bobEvents.await(CallEvent.Ended.class, e -> true, "the end of the first call").reason());
            Call bobToCarol = telephony("bob").calls().get(0);
            assertEquals(CallState.CONNECTED, bobToCarol.state());
            assertEquals(new Address(kamailio.sipUri("carol")), bobToCarol.peer());
            bobToCarol.hangUp();
            carolEvents.await(CallEvent.Ended.class, e -> true, "the end");
        }
    }

    @Test
    void anAttendedTransferJoinsTheOtherTwoParties() throws Exception {
        createAccounts(true, Map.of());
        createCarol();
        try (CallEvents carolEvents = new CallEvents(accounts.context, "carol")) {
            Call toBob = telephony("alice").call(new Address(kamailio.sipUri("bob")));
            bobEvents.awaitState(CallState.CONNECTED);
            aliceEvents.awaitState(CallState.CONNECTED);
            toBob.setOnHold(true);
            aliceEvents.awaitState(CallState.ON_HOLD);
            Call toCarol = telephony("alice").call(new Address(kamailio.sipUri("carol")));
            carolEvents.awaitState(CallState.CONNECTED);

            toBob.transfer(toCarol);
            CallEvent.Ended replaced = carolEvents.await(CallEvent.Ended.class, e -> true, "alice's call replaced");
            assertEquals(EndReason.TRANSFERRED, replaced.reason(), replaced.detail());
            CallEvent.Ended aliceFirst = aliceEvents.await(CallEvent.Ended.class, e -> true, "a call ended");
            CallEvent.Ended aliceSecond = aliceEvents.await(CallEvent.Ended.class, e -> true, "the other call ended");
            assertTrue(aliceFirst.reason() == EndReason.TRANSFERRED || aliceSecond.reason() == EndReason.TRANSFERRED,
                    "alice's REFERred call ends as transferred: " + aliceFirst + " " + aliceSecond);
            assertTrue(telephony("alice").calls().isEmpty(), "alice has left both calls");
            bobEvents.await(CallEvent.Ended.class, e -> true, "bob's call with alice ends");
            assertEquals(1, telephony("bob").calls().size(), "bob is left with his call to carol");
            Call bobToCarol = telephony("bob").calls().get(0);
            Call carolFromBob = telephony("carol").calls().get(0);
            assertEquals(CallState.CONNECTED, bobToCarol.state());
            assertEquals(CallState.CONNECTED, carolFromBob.state());
            bobToCarol.hangUp();
            carolEvents.await(CallEvent.Ended.class, e -> true, "the end");
        }
    }

    @Test
    void malformedMessagesAreDroppedAndTheAccountKeepsWorking() throws Exception {
        int bobPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            bobPort = probe.getLocalPort();
        }
        createAccounts(true, Map.of("localPort", String.valueOf(bobPort)));
        String badSdp = "INVITE sip:bob@127.0.0.1:" + bobPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-bad-1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:mallory@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: bad-sdp@test\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:mallory@127.0.0.1:9>\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: 25\r\n\r\nv=0\r\nm=audio banana RTP\r\n";
        List<byte[]> hostile = List.of(new byte[] { 0, 1, 2, 3, (byte) 0xff },
                "INVITE nonsense\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "SIP/2.0 200 OK\r\nCall-ID: nothing\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                badSdp.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (byte[] datagram : hostile) {
                attacker.send(new java.net.DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                        bobPort));
            }
        }
        Thread.sleep(500);
        assertTrue(telephony("bob").calls().isEmpty(), "no call came of the hostile datagrams");

        Call call = telephony("alice").call(new Address(kamailio.sipUri("bob")));
        aliceEvents.awaitState(CallState.CONNECTED);
        bobEvents.awaitState(CallState.CONNECTED);
        call.hangUp();
        bobEvents.await(CallEvent.Ended.class, e -> true, "the end");
    }

    private static void awaitPacketsArriving(Call call, String who) throws InterruptedException {
        long before = call.statistics().packetsReceived();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (call.statistics().packetsReceived() < before + 10) {
            assertTrue(System.nanoTime() < deadline, who + " receives no RTP: " + call.statistics());
            Thread.sleep(20);
        }
    }

    private static void assertFlowing(MediaStatistics statistics, String who) {
        assertTrue(statistics.packetsSent() > 50 && statistics.packetsReceived() > 50,
                who + " sends and receives RTP: " + statistics);
    }

    private static void assertToneHeard(Path file, double frequency) throws Exception {
        Tones.Wav wav = Tones.read(file);
        assertTrue(wav.seconds() > 2, file.getFileName() + " holds " + wav.seconds() + " s");
        double dominance = Tones.dominance(wav, frequency);
        assertTrue(dominance > 20, file.getFileName() + ": the " + frequency + " Hz tone dominates by " + dominance);
    }
}
