package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.account.Account;
import org.parley.core.account.RegistrationState;
import org.parley.core.media.Codec;
import org.parley.core.media.RtpFormat;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.audio.Tones;

/**
 * The {@code codecs} setting between two serverless Parley accounts on loopback: the callee answers
 * with its own first choice among the codecs both have, a call without a common codec is refused
 * with 488 and a Warning saying why, and an unknown codec name stops the account.
 */
class CodecNegotiationTest {

    private static final Path WORK = AccountFixture.WORK.resolve("codecs");

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void theOnlyCommonCodecIsUsedBothWays() throws Exception {
        Call[] calls = connect("PCMA,PCMU", "G722,PCMA", null);
        RtpFormat pcma = new RtpFormat(Codec.PCMA, 8);
        assertEquals(Optional.of(pcma), calls[0].statistics().format(), "the caller sends PCMA");
        assertEquals(Optional.of(pcma), calls[1].statistics().format(), "the callee sends PCMA");
        assertTrue(offerLine(loopback.trace("alice")).endsWith(" 8 0 101"),
                "the caller offers PCMA, PCMU and telephone-event only: " + offerLine(loopback.trace("alice")));
        calls[0].hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
    }

    @Test
    void theCalleeAnswersWithItsOwnFirstChoiceAndG722CarriesTheTone() throws Exception {
        Path atBob = loopback.file("at-bob.wav");
        Call[] calls = connect("PCMA,G722", "G722,PCMA", atBob);
        RtpFormat g722 = new RtpFormat(Codec.G722, 9);
        assertEquals(Optional.of(g722), calls[1].statistics().format(), "the callee prefers G.722");
        assertEquals(Optional.of(g722), calls[0].statistics().format(), "the caller follows the answer");
        Thread.sleep(1500);
        calls[0].hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
        Tones.Wav wav = Tones.read(atBob);
        assertEquals(16000, wav.sampleRate(), "G.722 decodes to 16 kHz");
        assertTrue(Tones.dominance(wav, 1000) > 20, "bob hears alice's 1 kHz tone through G.722");
    }

    @Test
    void withoutACommonCodecTheCallIsRefusedWith488SayingWhy() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "codecs", "G722"));
        Telephony alice = loopback.account("alice", Map.of("codecs", "PCMU,PCMA"));
        alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        CallEvent.Ended ended = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
        assertEquals(EndReason.FAILED, ended.reason(), ended.toString());
        assertTrue(ended.detail().contains("488") && ended.detail()
                .contains("no audio codec in common: offered PCMU,PCMA, accepted G722"), ended.detail());
        CallEvent.Ended atBob = loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end at bob");
        assertEquals(EndReason.FAILED, atBob.reason(), atBob.toString());
        assertTrue(atBob.detail().contains("no audio codec in common"), atBob.detail());
    }

    @Test
    void anUnknownCodecStopsTheAccountNamingIt() throws Exception {
        try (AccountFixture accounts = new AccountFixture()) {
            String id = loopback.accountId("carol");
            accounts.create(id, "sip:carol@127.0.0.1", null, Map.of("register", "false", "localAddress", "127.0.0.1",
                    "keepAliveInterval", "0", "codecs", "opus,G729,PCMU"));
            Account carol = accounts.account(id);
            LoopbackCalls.await(() -> carol.registrationState() instanceof RegistrationState.Failed,
                    () -> id + " fails to start: " + carol.registrationState());
            RegistrationState.Failed failed = (RegistrationState.Failed) carol.registrationState();
            assertTrue(failed.detail().contains("Unknown codec in the codecs setting: G729"), failed.detail());
        }
    }

    /** Alice (caller) calls auto-answering bob; returns their calls once both are connected. */
    private Call[] connect(String aliceCodecs, String bobCodecs, Path bobSink) throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSource", "tone:440", "codecs", bobCodecs, "audioSink",
                bobSink == null ? "discard" : "wav:" + bobSink));
        Telephony alice = loopback.account("alice", Map.of("codecs", aliceCodecs));
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call atBob = loopback.incomingAt("bob");
        loopback.events("bob").awaitState(CallState.CONNECTED);
        LoopbackCalls.await(() -> call.statistics().format().isPresent() && atBob.statistics().format().isPresent(),
                () -> "both streams started");
        return new Call[] { call, atBob };
    }

    private static String offerLine(String trace) {
        return trace.lines().map(String::strip).filter(line -> line.startsWith("m=audio ")).findFirst().orElse("");
    }

}
