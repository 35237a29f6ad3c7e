package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.Address;
import org.parley.core.media.MediaSecurity;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.sipp.Sipp;

/**
 * Media encryption by the account's policy ({@code srtp=off|optional|mandatory}), keys agreed in
 * SDP (SDES, RFC 4568), by ZRTP or by DTLS (RFC 5763): two serverless Parley accounts on loopback
 * agree on SRTP and hear each other; SIPp plays far ends that cannot or will not encrypt, and calls
 * that the policy forbids are refused or ended with the reason.
 */
class SrtpCallTest {

    private static final Path WORK = AccountFixture.WORK.resolve("srtp");
    private static final MediaSecurity SDES =
            new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES, "AES_CM_128_HMAC_SHA1_80");
    private static final MediaSecurity DTLS =
            new MediaSecurity.Srtp(MediaSecurity.KeyExchange.DTLS, "AES_CM_128_HMAC_SHA1");
    private static final String FINGERPRINT =
            "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B";
    private static final String KEY = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    @Test
    void twoOptionalAccountsAgreeOnSrtpHearEachOtherAndKeepItOverHold() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Path atBob = loopback.file("at-bob.wav");
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSource", "tone:440", "audioSink", "wav:" + atBob));
        Telephony alice = loopback.account("alice", Map.of());
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call atBobCall = loopback.incomingAt("bob");
        loopback.events("bob").awaitState(CallState.CONNECTED);
        assertEquals(SDES, call.security(), "the caller's media is encrypted");
        assertEquals(SDES, atBobCall.security(), "the callee's media is encrypted");
        String invite = loopback.trace("alice");
        assertTrue(invite.contains("m=audio") && invite.contains(" RTP/AVP ") && invite.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"),
                "an optional offer is RTP/AVP with keys (best-effort SRTP)");

        call.setOnHold(true);
        loopback.events("alice").awaitState(CallState.ON_HOLD);
        call.setOnHold(false);
        loopback.events("alice").awaitState(CallState.CONNECTED);
        assertEquals(SDES, call.security(), "still encrypted after hold and resume");
        Thread.sleep(1500);
        long received = atBobCall.statistics().packetsReceived();
        assertTrue(received > 50, "bob receives the caller's SRTP: " + atBobCall.statistics());
        call.hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
        assertTrue(Tones.dominance(Tones.read(atBob), 1000) > 20, "bob hears alice's 1 kHz tone through SRTP");
        assertEquals(SDES, call.security(), "an ended call still says how it was secured");
    }

    @Test
    void aMandatoryCallerOffersSrtpOnlyAndAnOptionalCalleeAgrees() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        Telephony alice = loopback.account("alice", Map.of("srtp", "mandatory"));
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        assertEquals(SDES, call.security());
        assertTrue(loopback.trace("alice").contains(" RTP/SAVP "), "a mandatory offer is RTP/SAVP");
        call.hangUp();
        loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
    }

    @Test
    void aMandatoryCalleeRefusesAPlainOfferSayingWhy() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "srtp", "mandatory"));
        try (Sipp sipp = refusedOffer(bobPort, "RTP/AVP", "a=ptime:20").start()) {
            LoopbackCalls.assertSucceeded(sipp);
        }
        assertTrue(bob.calls().isEmpty(), "no call came of it");
        assertTrue(loopback.trace("bob").contains("this account requires encrypted media (srtp=mandatory)"),
                "the 488's Warning says why");
    }

    @Test
    void anAccountWithSrtpOffRefusesAnSrtpOnlyOfferSayingWhy() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "srtp", "off"));
        try (Sipp sipp = refusedOffer(bobPort, "RTP/SAVP", KEY).start()) {
            LoopbackCalls.assertSucceeded(sipp);
        }
        assertTrue(bob.calls().isEmpty(), "no call came of it");
        assertTrue(loopback.trace("bob").contains("this account does not encrypt (srtp=off)"), "the 488's Warning says why");
    }

    @Test
    void aMandatoryCallerEndsACallAnsweredWithoutKeys() throws Exception {
        Telephony alice = loopback.account("alice", Map.of("srtp", "mandatory"));
        try (Sipp sipp = loopback.sipp("uas-answer.xml").start()) {
            alice.call(new Address(sipp.uri("service")));
            CallEvent.Ended ended = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertEquals(EndReason.FAILED, ended.reason());
            assertTrue(ended.detail().contains("no SRTP keys") && ended.detail().contains("srtp=mandatory"),
                    "the reason says the media could not be secured: " + ended.detail());
            LoopbackCalls.assertSucceeded(sipp); // it got its ACK and a BYE
        }
    }

    @Test
    void aMandatoryZrtpCallerEndsACallWhoseFarEndNeverAnswersZrtp() throws Exception {
        Telephony alice = loopback.account("alice", Map.of("srtp", "mandatory", "srtpKeyExchange", "zrtp"));
        try (Sipp sipp = loopback.sipp("uas-answer.xml").start()) {
            alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            assertTrue(loopback.trace("alice").contains(" RTP/AVP ") && !loopback.trace("alice").contains("a=crypto"),
                    "a ZRTP offer is plain RTP/AVP without SDES keys");
            CallEvent.Ended ended = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertEquals(EndReason.FAILED, ended.reason());
            assertTrue(ended.detail().startsWith("ZRTP") && ended.detail().contains("srtp=mandatory"),
                    "the reason says the media could not be secured: " + ended.detail());
            LoopbackCalls.assertSucceeded(sipp); // it got a BYE
        }
    }

    @Test
    void anOptionalCallerFallsBackToPlainRtpWithAFarEndWithoutSrtp() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        try (Sipp sipp = loopback.sipp("uas-answer.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            loopback.events("alice").awaitState(CallState.CONNECTED);
            assertEquals(new MediaSecurity.Unsecured(), call.security(), "plain RTP, and the call says so");
            call.hangUp();
            LoopbackCalls.assertSucceeded(sipp);
        }
    }

    @Test
    void aDtlsCallerAndAnSdesCalleeAgreeByHandshakeHearEachOtherAndKeepItOverHold() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Path atBob = loopback.file("at-bob.wav");
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true",
                "audioSource", "tone:440", "audioSink", "wav:" + atBob));
        Telephony alice = loopback.account("alice", Map.of("srtpKeyExchange", "dtls"));
        Call call = alice.call(new Address("sip:bob@127.0.0.1:" + bobPort));
        loopback.events("alice").awaitState(CallState.CONNECTED);
        Call atBobCall = loopback.incomingAt("bob");
        loopback.events("alice").await(CallEvent.SecurityChanged.class, e -> e.security().equals(DTLS),
                "the caller's handshake");
        loopback.events("bob").await(CallEvent.SecurityChanged.class, e -> e.security().equals(DTLS),
                "the callee's handshake");
        String aliceTrace = loopback.trace("alice");
        assertTrue(aliceTrace.contains(" RTP/AVP ") && aliceTrace.contains("a=fingerprint:sha-256 ")
                && aliceTrace.contains("a=setup:actpass") && !aliceTrace.contains("a=crypto"),
                "an optional DTLS offer is RTP/AVP with a fingerprint (best effort)");
        assertTrue(loopback.trace("bob").contains("a=setup:active"), "the answerer starts the handshake");

        call.setOnHold(true);
        loopback.events("alice").awaitState(CallState.ON_HOLD);
        call.setOnHold(false);
        loopback.events("alice").awaitState(CallState.CONNECTED);
        assertEquals(DTLS, call.security(), "still encrypted after hold and resume");
        assertEquals(DTLS, atBobCall.security());
        Thread.sleep(1500);
        assertTrue(atBobCall.statistics().packetsReceived() > 50, "bob receives the caller's SRTP: " + atBobCall.statistics());
        call.hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
        assertTrue(Tones.dominance(Tones.read(atBob), 1000) > 20, "bob hears alice's 1 kHz tone through DTLS-SRTP");
    }

    @Test
    void aMandatoryDtlsCallerOffersDtlsOnlyAndEndsACallAnsweredWithoutAFingerprint() throws Exception {
        Telephony alice = loopback.account("alice", Map.of("srtp", "mandatory", "srtpKeyExchange", "dtls"));
        try (Sipp sipp = loopback.sipp("uas-answer.xml").start()) {
            alice.call(new Address(sipp.uri("service")));
            CallEvent.Ended ended = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertEquals(EndReason.FAILED, ended.reason());
            assertTrue(ended.detail().contains("no DTLS fingerprint") && ended.detail().contains("srtp=mandatory"),
                    "the reason says the media could not be secured: " + ended.detail());
            assertTrue(loopback.trace("alice").contains(" UDP/TLS/RTP/SAVP "), "a mandatory DTLS offer is UDP/TLS/RTP/SAVP");
            LoopbackCalls.assertSucceeded(sipp); // it got its ACK and a BYE
        }
    }

    @Test
    void aDtlsOnlyOfferWithoutAFingerprintIsRefusedSayingWhy() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        Telephony bob = loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = refusedOffer(bobPort, "UDP/TLS/RTP/SAVP", "a=setup:actpass").start()) {
            LoopbackCalls.assertSucceeded(sipp);
        }
        assertTrue(bob.calls().isEmpty(), "no call came of it");
        assertTrue(loopback.trace("bob").contains("DTLS-SRTP with no readable certificate fingerprint"),
                "the 488's Warning says why");
    }

    @Test
    void aDtlsHandshakeThatNeverHappensEndsTheCallWithTheReason() throws Exception {
        int bobPort = LoopbackCalls.freePort();
        loopback.account("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        // no a=setup: the caller is active (RFC 4145) and so starts a handshake it never starts
        try (Sipp sipp = loopback.sipp("uac-offer-then-bye.xml").remote("127.0.0.1:" + bobPort).service("bob")
                .key("profile", "UDP/TLS/RTP/SAVP").key("attribute", "a=fingerprint:sha-256 " + FINGERPRINT)
                .key("answer_has", "a=setup:passive").start()) {
            loopback.events("bob").awaitState(CallState.CONNECTED);
            CallEvent.Ended ended = loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the end");
            assertEquals(EndReason.FAILED, ended.reason());
            assertTrue(ended.detail().startsWith("DTLS-SRTP did not secure the media within 10 s"),
                    "the reason says the media could not be secured: " + ended.detail());
            LoopbackCalls.assertSucceeded(sipp); // it got the BYE
        }
    }

    private Sipp.Builder refusedOffer(int bobPort, String profile, String attribute) {
        return loopback.sipp("uac-refused-offer.xml").remote("127.0.0.1:" + bobPort).service("bob")
                .key("profile", profile).key("attribute", attribute);
    }

}
