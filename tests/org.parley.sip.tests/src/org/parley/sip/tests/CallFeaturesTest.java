package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.Address;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.sipp.Sipp;
import org.parley.testkit.accounts.AccountFixture;

/**
 * Call features against SIPp as the far end (one SIPp per test, scenarios of the test kit), with
 * serverless Parley accounts on loopback calling it directly: reliable provisional responses
 * (PRACK, both ways), early media, DTMF by INFO both ways, redirects, call waiting and re-INVITE
 * glare.
 */
class CallFeaturesTest {

    private static final Path WORK = AccountFixture.WORK.resolve("call-features");
    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void aReliable183IsAcknowledgedWithPrackAndTheCallIsEstablished() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp sipp = loopback.sipp("uas-100rel.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.EARLY_MEDIA);
            loopback.events("alice").awaitState(CallState.CONNECTED);
            call.hangUp();
            assertEquals(EndReason.LOCAL_HANGUP, loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end")
                    .reason());
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void earlyMediaOfAReliable183FlowsBothWaysBeforeTheAnswer() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (RtpCounter sink = new RtpCounter();
                Sipp sipp = loopback.sipp("uas-early-media.xml").key("sink_port", String.valueOf(sink.port())).start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.EARLY_MEDIA);
            LoopbackCalls.await(() -> sink.packets() > 25 && call.statistics().packetsReceived() > 25,
                    () -> "RTP both ways during early media: " + sink.packets() + " packets at the 183's address, "
                            + call.statistics());
            assertEquals(CallState.EARLY_MEDIA, call.state(), "the call is not answered yet");
            call.sendDtmf("1"); // SIPp answers once this INFO arrives
            loopback.events("alice").awaitState(CallState.CONNECTED);
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void aDigitTheFarEndSendsByInfoIsReported() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp sipp = loopback.sipp("uas-sends-dtmf-info.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            CallEvent.DtmfReceived digit = loopback.events("alice").await(CallEvent.DtmfReceived.class, e -> true,
                    "a DTMF digit");
            assertEquals('5', digit.digit());
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void digitsGoByInfoWhenTheFarEndTakesNoTelephoneEvents() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp sipp = loopback.sipp("uas-expects-dtmf-info.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            call.sendDtmf("7");
            CallEvent.Ended ended = loopback.events("alice").await(CallEvent.Ended.class, e -> true,
                    "the far end hanging up once it had the INFO");
            assertEquals(EndReason.REMOTE_HANGUP, ended.reason(), ended.detail());
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void aRedirectIsFollowedToTheNewTarget() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp target = loopback.sipp("uas-answer.xml").start();
                Sipp redirector = loopback.sipp("uas-redirect.xml").key("target_port", String.valueOf(target.port()))
                        .start()) {
            Call call = alice.call(new Address(redirector.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            LoopbackCalls.assertSucceeded(redirector);
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            LoopbackCalls.assertSucceeded(target);
        }
    }

    @Test
    void anInviteThatRequires100relRingsReliablyAndIsAnsweredAfterThePrack() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = loopback.sipp("uac-100rel.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            loopback.events("bob").awaitState(CallState.CONNECTED);
            CallEvent.Ended ended = loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the caller's BYE");
            assertEquals(EndReason.REMOTE_HANGUP, ended.reason(), ended.detail());
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void aConferenceLetsBobAndCarolHearEachOtherAndAliceUntilOneHangsUp() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        int carolPort = LoopbackCalls.freePort();
        Path atBob = loopback.file("at-bob.wav");
        Path atCarol = loopback.file("at-carol.wav");
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSource", "tone:440", "audioSink", "wav:" + atBob));
        Telephony carol = loopback.account("carol", Map.of("localPort", String.valueOf(carolPort), "autoAnswer", "true",
                "audioSource", "tone:700", "audioSink", "wav:" + atCarol));
        Telephony alice = loopback.account("alice", Map.of());
        Call toBob = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        toBob.setOnHold(true);
        loopback.events("alice").awaitState(CallState.ON_HOLD);
        Call toCarol = alice.call(new Address("sip:carol@127.0.0.1:" + carolPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);

        toCarol.joinConference(toBob);
        loopback.events("alice").await(CallEvent.StateChanged.class,
                e -> e.call().equals(toBob.id()) && e.current() == CallState.CONNECTED, "bob's call resumed");
        assertEquals(Set.of(toBob.id()), toCarol.conference());
        assertEquals(Set.of(toCarol.id()), toBob.conference());
        Thread.sleep(2500);
        loopback.incomingAt("carol").hangUp();
        loopback.events("alice").await(CallEvent.Ended.class, e -> e.call().equals(toCarol.id()), "carol's end");
        assertEquals(Set.of(), toBob.conference(), "a conference of one is none");
        assertEquals(CallState.CONNECTED, toBob.state(), "alice and bob go on");
        toBob.hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "bob's end");
        loopback.events("carol").await(CallEvent.Ended.class, e -> true, "carol's end");

        Tones.Wav heardByBob = Tones.read(atBob);
        Tones.Wav heardByCarol = Tones.read(atCarol);
        assertTrue(Tones.dominance(heardByBob, 700) > 20 && Tones.dominance(heardByBob, 1000) > 20,
                "bob hears carol and alice: " + Tones.dominance(heardByBob, 700) + ", " + Tones.dominance(heardByBob, 1000));
        assertTrue(Tones.dominance(heardByCarol, 440) > 20 && Tones.dominance(heardByCarol, 1000) > 20,
                "carol hears bob and alice: " + Tones.dominance(heardByCarol, 440) + ", "
                        + Tones.dominance(heardByCarol, 1000));
        assertTrue(carol.calls().isEmpty(), "carol has no call left: " + carol.calls());
    }

    @Test
    void aCallerThatOnlySendsIsAnsweredReceiveOnlyAndGetsNoAudio() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = loopback.sipp("uac-sendonly.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            loopback.events("bob").awaitState(CallState.ON_HOLD);
            Call call = bob.calls().get(0);
            Thread.sleep(1800);
            assertEquals(0, call.statistics().packetsSent(), "bob answered recvonly and keeps quiet: "
                    + call.statistics());
            loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the caller's BYE");
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void anInviteThatRequiresAnUnknownExtensionIsRefusedWith420() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = loopback.sipp("uac-unknown-extension.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            LoopbackCalls.assertSucceeded(sipp);
            assertTrue(bob.calls().isEmpty(), "no call came of it: " + bob.calls());
        }
    }

    @Test
    void reinviteGlareIsResolvedByRetryingAfterTheRandomDelay() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp sipp = loopback.sipp("uas-glare.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            long asked = System.nanoTime();
            call.setOnHold(true);
            CallEvent.StateChanged held = loopback.events("alice").await(CallEvent.StateChanged.class,
                    e -> e.current() != CallState.CONNECTED, "the call on hold");
            long millis = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(CallState.ON_HOLD, held.current(), "the far end's re-INVITE was refused, ours retried");
            assertTrue(millis >= 2100 && millis < 10_000,
                    "the caller (owner of the Call-ID) retries after 2.1 to 4 s; took " + millis + " ms");
            call.hangUp();
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void stoppingTheMediaBundleEndsTheCallsWithTheReasonAndStartingItMakesCallsWorkAgain() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        Telephony alice = loopback.account("alice", Map.of());
        alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        loopback.events("bob").awaitState(CallState.CONNECTED);
        Bundle media = bundle("org.parley.media");
        try {
            media.stop();
            CallEvent.Ended atAlice = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            CallEvent.Ended atBob = loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
            // both accounts use the one engine: each side ends on its stop, unless the other side's BYE (sent
            // because of it) comes first; at least one side ends for the engine, saying so
            List<CallEvent.Ended> ends = List.of(atAlice, atBob);
            assertTrue(ends.stream().allMatch(end -> end.reason() == EndReason.FAILED
                    || end.reason() == EndReason.REMOTE_HANGUP), "both calls ended with the engine: " + ends);
            assertTrue(ends.stream().anyMatch(end -> end.reason() == EndReason.FAILED
                    && end.detail().equals("the media engine stopped")), "a side says the engine stopped: " + ends);
            assertTrue(alice.calls().isEmpty(), "no call is left: " + alice.calls());
        } finally {
            media.start();
        }
        LoopbackCalls.await(() -> {
            try {
                alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
                return true;
            } catch (IllegalStateException noEngineYet) {
                return false;
            }
        }, () -> "alice can call again once the media bundle is back");
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call again = alice.calls().get(0);
        LoopbackCalls.await(() -> again.statistics().packetsReceived() > 25, () -> "audio flows again: " + again.statistics());
        again.hangUp();
    }

    @Test
    void aSecondCallRingsDuringTheFirstAndIsAnsweredAfterHoldingIt() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort)));
        Telephony alice = loopback.account("alice", Map.of());
        Telephony carol = loopback.account("carol", Map.of());
        Address bobAddress = new Address("sip:bob@127.0.0.1:" + bobPort);

        alice.call(bobAddress);
        Call first = loopback.incomingAt("bob");
        first.answer();
        loopback.events("alice").awaitState(CallState.CONNECTED);
        loopback.events("bob").awaitState(CallState.CONNECTED);

        Call fromCarol = carol.call(bobAddress);
        Call second = loopback.incomingAt("bob");
        loopback.events("carol").awaitState(CallState.RINGING);
        assertEquals(2, bob.calls().size(), "bob has both calls: " + bob.calls());
        assertEquals(CallState.CONNECTED, first.state());
        assertEquals(CallState.INCOMING, second.state());

        first.setOnHold(true);
        loopback.events("alice").awaitState(CallState.ON_HOLD);
        second.answer();
        loopback.events("carol").awaitState(CallState.CONNECTED);
        LoopbackCalls.await(() -> second.state() == CallState.CONNECTED && first.state() == CallState.ON_HOLD,
                () -> "bob talks to carol with alice on hold: " + bob.calls());
        assertEquals(List.of(CallState.ON_HOLD, CallState.CONNECTED),
                bob.calls().stream().map(Call::state).toList(), "bob's calls, oldest first");

        fromCarol.hangUp();
        loopback.events("carol").await(CallEvent.Ended.class, e -> true, "the end of carol's call");
        first.hangUp();
        assertEquals(EndReason.REMOTE_HANGUP,
                loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end of alice's call").reason());
    }

    @Test
    void aSecondCallDuringTheFirstCanBeRejectedAsBusy() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort)));
        Telephony alice = loopback.account("alice", Map.of());
        Telephony carol = loopback.account("carol", Map.of());
        Address bobAddress = new Address("sip:bob@127.0.0.1:" + bobPort);

        Call toBob = alice.call(bobAddress);
        Call first = loopback.incomingAt("bob");
        first.answer();
        loopback.events("alice").awaitState(CallState.CONNECTED);

        carol.call(bobAddress);
        Call second = loopback.incomingAt("bob");
        loopback.events("carol").awaitState(CallState.RINGING);
        second.reject(true);
        CallEvent.Ended ended = loopback.events("carol").await(CallEvent.Ended.class, e -> true, "the rejection");
        assertEquals(EndReason.REJECTED, ended.reason());
        assertTrue(ended.detail().startsWith("486"), ended.detail());
        assertEquals(CallState.CONNECTED, toBob.state(), "the first call goes on");
        // bob answers 486 before its call ends, so carol may hear of the end first
        loopback.events("bob").await(CallEvent.Ended.class, e -> e.call().equals(second.id()), "the second call's end");
        assertEquals(1, bob.calls().size(), "bob has the first call only: " + bob.calls());
        toBob.hangUp();
        CallEvent.Ended end = loopback.events("bob").await(CallEvent.Ended.class, e -> e.call().equals(first.id()),
                "the end of the first call");
        assertEquals(EndReason.REMOTE_HANGUP, end.reason(), end.detail());
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle bundle : FrameworkUtil.getBundle(CallFeaturesTest.class).getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** A UDP socket on loopback that counts the datagrams it receives (RTP sent to an address we control). */
    private static final class RtpCounter implements AutoCloseable {
        private final DatagramSocket socket;
        private final AtomicInteger packets = new AtomicInteger();
        private final Thread reader;

        RtpCounter() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(200);
            reader = new Thread(this::read, "rtp-counter-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int packets() {
            return packets.get();
        }

        private void read() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    packets.incrementAndGet();
                } catch (SocketTimeoutException quiet) {
                    // look again
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(2000);
        }
    }
}
