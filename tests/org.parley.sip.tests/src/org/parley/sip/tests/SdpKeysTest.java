package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity.KeyExchange;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.SrtpPolicy;
import org.parley.sip.internal.sdp.DtlsSetup;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;
import org.parley.sip.internal.sdp.SrtpRules;
import org.parley.sip.internal.sdp.SrtpRules.ForOffer;

/** SRTP keys (RFC 4568) and DTLS fingerprints (RFC 5763) in SDP and what each policy makes of offers and answers: pure logic. */
class SdpKeysTest {

    private static final KeyExchange SDES = KeyExchange.SDES;
    private static final KeyExchange ZRTP = KeyExchange.ZRTP;
    private static final KeyExchange DTLS = KeyExchange.DTLS;
    private static final DtlsFingerprint PRINT = DtlsFingerprint.parse("sha-256 "
            + "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B");

    private static final SdesCrypto KEY = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4");
    private static final SessionDescription PLAIN = new SessionDescription("127.0.0.1", 4000,
            List.of(new RtpFormat(Codec.PCMU, 0)), MediaDirection.SEND_RECEIVE, 1);

    @Test
    void keysAndTheProfileSurviveWritingAndReading() {
        SessionDescription secured = PLAIN.withKeys(SessionDescription.SRTP, List.of(KEY,
                SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj KDR=1")));
        String sdp = Sdp.write(secured, 7);
        assertTrue(sdp.contains("m=audio 4000 RTP/SAVP 0\r\n"), sdp);
        assertTrue(sdp.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n"), sdp);
        SessionDescription read = Sdp.read(sdp);
        assertEquals(secured.crypto(), read.crypto());
        assertEquals(Optional.of("KDR=1"), read.crypto().get(1).sessionParams());
        assertTrue(read.requiresSrtp());
        assertEquals(List.of(), Sdp.read(Sdp.write(PLAIN, 7)).crypto());
    }

    @Test
    void unreadableKeysAreSkippedAndTheRestKept() {
        String sdp = Sdp.write(PLAIN.withKeys(SessionDescription.RTP, List.of(KEY)), 1)
                .replace("a=sendrecv", "a=crypto:x NOT A KEY\r\na=crypto:\r\na=sendrecv");
        assertEquals(List.of(KEY), Sdp.read(sdp).crypto());
        assertThrows(IllegalArgumentException.class, () -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80"));
        assertTrue(!KEY.toString().contains("WVNf"), "a logged key gives nothing away: " + KEY);
    }

    @Test
    void eachPolicyDecidesOnOffers() {
        SessionDescription keysWithPlain = PLAIN.withKeys(SessionDescription.RTP, List.of(KEY));
        SessionDescription srtpOnly = PLAIN.withKeys(SessionDescription.SRTP, List.of(KEY));
        SessionDescription srtpWithoutKeys = PLAIN.withKeys(SessionDescription.SRTP, List.of());

        assertInstanceOf(ForOffer.Plain.class, SrtpRules.forOffer(SrtpPolicy.OFF, keysWithPlain));
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.OFF, srtpOnly));
        assertEquals(new ForOffer.Keys(List.of(KEY), true), SrtpRules.forOffer(SrtpPolicy.OPTIONAL, keysWithPlain));
        assertEquals(new ForOffer.Keys(List.of(KEY), false), SrtpRules.forOffer(SrtpPolicy.OPTIONAL, srtpOnly));
        assertEquals(new ForOffer.Keys(List.of(KEY), false), SrtpRules.forOffer(SrtpPolicy.MANDATORY, keysWithPlain));
        assertInstanceOf(ForOffer.Plain.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, PLAIN));
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.MANDATORY, PLAIN));
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, srtpWithoutKeys));
    }

    @Test
    void anAccountUsingZrtpSecuresKeylessOffersOnTheMediaPathAndStillTakesSdesKeys() {
        SessionDescription keysWithPlain = PLAIN.withKeys(SessionDescription.RTP, List.of(KEY));
        assertInstanceOf(ForOffer.Zrtp.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, ZRTP, PLAIN));
        assertInstanceOf(ForOffer.Zrtp.class, SrtpRules.forOffer(SrtpPolicy.MANDATORY, ZRTP, PLAIN),
                "mandatory: a keyless offer can still be secured by ZRTP");
        assertEquals(new ForOffer.Keys(List.of(KEY), true), SrtpRules.forOffer(SrtpPolicy.OPTIONAL, ZRTP, keysWithPlain));
        assertInstanceOf(ForOffer.Plain.class, SrtpRules.forOffer(SrtpPolicy.OFF, ZRTP, PLAIN));
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.MANDATORY, SDES, PLAIN));
    }

    @Test
    void offersAndAnswersFollowThePolicy() {
        assertEquals(SessionDescription.RTP, SrtpRules.offerProfile(SrtpPolicy.OPTIONAL));
        assertEquals(SessionDescription.SRTP, SrtpRules.offerProfile(SrtpPolicy.MANDATORY));
        assertTrue(!SrtpRules.offersKeys(SrtpPolicy.OFF, SDES) && SrtpRules.offersKeys(SrtpPolicy.OPTIONAL, SDES));
        assertTrue(!SrtpRules.offersKeys(SrtpPolicy.MANDATORY, ZRTP), "ZRTP agrees keys on the media path, not in SDP");
        assertEquals(SessionDescription.RTP, SrtpRules.offerProfile(SrtpPolicy.MANDATORY, ZRTP), "ZRTP runs over RTP/AVP");
        assertTrue(SrtpRules.answerProblem(SrtpPolicy.MANDATORY, SDES, PLAIN).isPresent(), "mandatory: an answer without keys");
        assertEquals(Optional.empty(), SrtpRules.answerProblem(SrtpPolicy.MANDATORY, ZRTP, PLAIN), "ZRTP needs no keys in the answer");
        assertEquals(Optional.empty(), SrtpRules.answerProblem(SrtpPolicy.OPTIONAL, SDES, PLAIN), "optional: plain RTP is fine");
        assertEquals(Optional.empty(), SrtpRules.answerProblem(SrtpPolicy.OFF, SDES,
                PLAIN.withKeys(SessionDescription.RTP, List.of(KEY, KEY))), "off: keys in an answer are ignored");
        assertThrows(IllegalArgumentException.class, () -> SrtpPolicy.parse("sometimes"));
    }

    @Test
    void fingerprintsAndTheSetupSurviveWritingAndReadingAtMediaOrSessionLevel() {
        SessionDescription offer = PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTPASS);
        String sdp = Sdp.write(offer, 3);
        assertTrue(sdp.contains("m=audio 4000 UDP/TLS/RTP/SAVP 0\r\n"), sdp);
        assertTrue(sdp.contains("a=fingerprint:sha-256 4A:AD:B9:B1:3F:82"), sdp);
        assertTrue(sdp.contains("a=setup:actpass\r\n"), sdp);
        SessionDescription read = Sdp.read(sdp);
        assertEquals(List.of(PRINT), read.fingerprints());
        assertEquals(Optional.of(DtlsSetup.ACTPASS), read.setup());
        assertTrue(read.requiresSrtp());

        String atSessionLevel = Sdp.write(PLAIN, 3).replace("t=0 0\r\n",
                "t=0 0\r\na=fingerprint:SHA-256 " + PRINT.value().toLowerCase() + "\r\na=setup:passive\r\n");
        SessionDescription sessionLevel = Sdp.read(atSessionLevel);
        assertEquals(List.of(PRINT), sessionLevel.fingerprints(), "hash names and hex digits in any case");
        assertEquals(Optional.of(DtlsSetup.PASSIVE), sessionLevel.setup());

        String unreadable = sdp.replace("a=setup:actpass", "a=fingerprint:sha-256 XYZ\r\na=setup:sometimes");
        assertEquals(List.of(PRINT), Sdp.read(unreadable).fingerprints(), "an unreadable fingerprint is skipped");
        assertEquals(Optional.empty(), Sdp.read(unreadable).setup());
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 4A:AD"));
    }

    @Test
    void theAnswererStartsTheHandshakeUnlessTheOffererDoes() {
        assertEquals(new ForOffer.Dtls(List.of(PRINT), DtlsRole.CLIENT), SrtpRules.forOffer(SrtpPolicy.OPTIONAL, SDES,
                PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTPASS)));
        assertEquals(new ForOffer.Dtls(List.of(PRINT), DtlsRole.SERVER), SrtpRules.forOffer(SrtpPolicy.OPTIONAL, SDES,
                PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTIVE)));
        assertEquals(Optional.of(DtlsRole.SERVER), DtlsSetup.offererRole(Optional.of(DtlsSetup.ACTIVE)));
        assertEquals(Optional.of(DtlsRole.CLIENT), DtlsSetup.offererRole(Optional.of(DtlsSetup.PASSIVE)));
        assertEquals(Optional.of(DtlsRole.SERVER), DtlsSetup.offererRole(Optional.empty()), "no a=setup means active");
        assertEquals(Optional.empty(), DtlsSetup.offererRole(Optional.of(DtlsSetup.ACTPASS)));
    }

    @Test
    void dtlsOffersAreTakenByEveryAccountThatEncryptsAndRefusedWhenUnusable() {
        SessionDescription dtlsOnly = PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTPASS);
        SessionDescription bestEffort = PLAIN.withDtls(SessionDescription.RTP, PRINT, DtlsSetup.ACTPASS);
        SessionDescription both = PLAIN.withKeys(SessionDescription.SRTP, List.of(KEY)).withDtls(SessionDescription.SRTP,
                PRINT, DtlsSetup.ACTPASS);
        assertInstanceOf(ForOffer.Dtls.class, SrtpRules.forOffer(SrtpPolicy.MANDATORY, ZRTP, dtlsOnly));
        assertInstanceOf(ForOffer.Dtls.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, SDES, bestEffort));
        assertInstanceOf(ForOffer.Plain.class, SrtpRules.forOffer(SrtpPolicy.OFF, SDES, bestEffort),
                "off: a fingerprint on plain RTP is ignored");
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.OFF, DTLS, dtlsOnly));
        assertInstanceOf(ForOffer.Keys.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, SDES, both), "both: the account's way");
        assertInstanceOf(ForOffer.Dtls.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, DTLS, both), "both: the account's way");
        SessionDescription noFingerprint = PLAIN.withKeys(SessionDescription.DTLS_SRTP, List.of());
        assertTrue(SrtpRules.forOffer(SrtpPolicy.OPTIONAL, DTLS, noFingerprint) instanceof ForOffer.Refused refused
                && refused.reason().contains("fingerprint"), "DTLS-SRTP without a fingerprint");
        assertInstanceOf(ForOffer.Refused.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, DTLS,
                PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.HOLDCONN)));
        assertInstanceOf(ForOffer.Plain.class, SrtpRules.forOffer(SrtpPolicy.OPTIONAL, DTLS,
                PLAIN.withDtls(SessionDescription.RTP, PRINT, DtlsSetup.HOLDCONN)), "optional: plain RTP is fine");
    }

    @Test
    void aDtlsAccountOffersAFingerprintAndChecksTheAnswer() {
        assertTrue(SrtpRules.offersDtls(SrtpPolicy.OPTIONAL, DTLS) && !SrtpRules.offersDtls(SrtpPolicy.OFF, DTLS));
        assertTrue(!SrtpRules.offersKeys(SrtpPolicy.OPTIONAL, DTLS), "no SDES keys beside the fingerprint");
        assertEquals(SessionDescription.DTLS_SRTP, SrtpRules.offerProfile(SrtpPolicy.MANDATORY, DTLS));
        assertEquals(SessionDescription.RTP, SrtpRules.offerProfile(SrtpPolicy.OPTIONAL, DTLS), "optional: best effort");
        assertTrue(SrtpRules.answerProblem(SrtpPolicy.MANDATORY, DTLS, PLAIN).isPresent(), "mandatory: no fingerprint");
        assertEquals(Optional.empty(), SrtpRules.answerProblem(SrtpPolicy.OPTIONAL, DTLS, PLAIN), "optional: plain RTP is fine");
        assertEquals(Optional.empty(), SrtpRules.answerProblem(SrtpPolicy.MANDATORY, DTLS,
                PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTIVE)));
        assertTrue(SrtpRules.answerProblem(SrtpPolicy.OPTIONAL, DTLS,
                PLAIN.withDtls(SessionDescription.DTLS_SRTP, PRINT, DtlsSetup.ACTPASS)).isPresent(),
                "an answer must take a side of the handshake");
    }
}
