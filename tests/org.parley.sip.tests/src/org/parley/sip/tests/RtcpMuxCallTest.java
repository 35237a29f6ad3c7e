package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;

/**
 * RTCP on the RTP port (RFC 5761) between two Parley accounts on loopback: offered by an account that
 * turns it on, used when both agree, and left out by one that has it off (RTCP then takes the port above RTP).
 * That RTCP reports arrive is seen in the round-trip time, measured from the far end's reports.
 */
class RtcpMuxCallTest {

    private static final Path WORK = AccountFixture.WORK.resolve("rtcp-mux");

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void twoAccountsAgreeOnRtcpMuxAndTheReportsComeBackOnTheRtpPort() throws Exception {
        Call call = callAndTalk(Map.of("rtcpMux", "true"));
        String trace = loopback.trace("alice");
        assertEquals(2, LoopbackCalls.occurrences(trace, "a=rtcp-mux"), "offered in the INVITE and accepted in the 200 OK:\n" + trace);
        loopback.hangUpAndCheckTones(call);
    }

    @Test
    void anAccountWithRtcpMuxOffDoesNotAcceptItAndRtcpTakesThePortAbove() throws Exception {
        Call call = callAndTalk(Map.of("rtcpMux", "false"));
        String trace = loopback.trace("alice");
        assertEquals(1, LoopbackCalls.occurrences(trace, "a=rtcp-mux"), "offered by alice only:\n" + trace);
        loopback.hangUpAndCheckTones(call);
    }

    /** Alice calls bob (with {@code bobSettings} added); both hear each other and alice measures the round trip. */
    private Call callAndTalk(Map<String, String> bobSettings) throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Path atAlice = loopback.file("at-alice.wav");
        Path atBob = loopback.file("at-bob.wav");
        Map<String, String> bob = new HashMap<>(Map.of("localPort", String.valueOf(bobPort), "autoAnswer",
                "true", "audioSource", "tone:440", "audioSink", "wav:" + atBob));
        bob.putAll(bobSettings);
        loopback.account("bob", bob);
        Telephony alice = loopback.account("alice", Map.of("audioSink", "wav:" + atAlice, "rtcpMux", "true"));
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        LoopbackCalls.await(() -> call.statistics().roundTripTime().isPresent(),
                () -> "alice measures the round trip from bob's reports: " + call.statistics());
        assertTrue(call.statistics().packetsReceived() > 50, "bob's audio reaches alice: " + call.statistics());
        return call;
    }

}
