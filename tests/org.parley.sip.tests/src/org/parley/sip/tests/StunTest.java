package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.coturn.StunServer;
import org.parley.testkit.network.FullConeNat;

/**
 * The public address of a call's media learned by STUN (RFC 5389) from coturn (Debian's package,
 * started by the test on loopback), through a NAT the test plays in front of it: the SDP announces the
 * NAT's ports for RTP and RTCP, and the far end's audio and RTCP reports reach the call through them.
 */
class StunTest {

    private static final Path WORK = AccountFixture.WORK.resolve("stun");
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern RTCP = Pattern.compile("a=rtcp:(\\d+) IN IP4 127\\.0\\.0\\.1");

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void behindANatTheCallAnnouncesThePublicAddressStunLearnedAndTheFarEndIsHeardThroughIt() throws Exception {
        try (StunServer stun = StunServer.start(WORK.resolve("coturn"));
                FullConeNat nat = FullConeNat.before(stun.address())) {
            int bobPort = LoopbackCalls.freePort();
            Path atAlice = loopback.file("at-alice.wav");
            Path atBob = loopback.file("at-bob.wav");
            loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                    "audioSource", "tone:440", "audioSink", "wav:" + atBob));
            Telephony alice = loopback.account("alice", Map.of("stunServer", "127.0.0.1:" + nat.inside().getPort(),
                    "audioSink", "wav:" + atAlice));
            Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
            loopback.events("alice").awaitState(CallState.CONNECTED);

            List<Integer> publicPorts = nat.publicPorts();
            assertEquals(2, publicPorts.size(), "the NAT mapped the call's RTP and RTCP sockets: " + publicPorts);
            String offer = loopback.trace("alice");
            int announced = firstNumber(AUDIO_PORT, offer, "an m=audio line");
            int announcedRtcp = firstNumber(RTCP, offer, "an a=rtcp line");
            assertEquals(publicPorts, List.of(announced, announcedRtcp).stream().sorted().toList(),
                    "the offer announces the NAT's ports for RTP (" + announced + ") and RTCP (" + announcedRtcp + ")");
            Thread.sleep(2000);
            assertTrue(call.statistics().packetsReceived() > 50,
                    "bob's audio reaches alice through the NAT: " + call.statistics());
            // bob's receiver reports reach alice's RTCP port through the NAT, as its a=rtcp says
            LoopbackCalls.await(() -> call.statistics().roundTripTime().isPresent(),
                    () -> "alice measures the round trip from bob's reports: " + call.statistics());
            call.hangUp();
            loopback.events("bob").await(CallEvent.Ended.class, e -> true, "bob's end");
            loopback.events("alice").await(CallEvent.Ended.class, e -> true, "alice's end (her recording is complete)");
            assertTrue(Tones.dominance(Tones.read(atAlice), 440) > 20, "alice hears bob");
            assertTrue(Tones.dominance(Tones.read(atBob), 1000) > 20, "bob hears alice");
        }
    }

    @Test
    void aStunServerThatDoesNotAnswerLeavesTheLocalAddressAndTheCallGoesOn() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        Telephony alice = loopback.account("alice", Map.of("stunServer", "127.0.0.1:" + LoopbackCalls.freePort()));
        long started = System.nanoTime();
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 5000, "the STUN server is given up on quickly: connected after " + millis + " ms");
        assertTrue(!loopback.trace("alice").contains("a=rtcp:"), "the local ports, RTCP the next one up");
        Thread.sleep(1500);
        assertTrue(call.statistics().packetsReceived() > 25, "audio flows: " + call.statistics());
        call.hangUp();
        loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
    }

    private static int firstNumber(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), "the trace holds " + what);
        return Integer.parseInt(matcher.group(1));
    }
}
