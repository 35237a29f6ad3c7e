package org.parley.media.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.testkit.audio.Tones;

/**
 * SRTP on the real libjitsi engine, keyed in SDP (SDES, RFC 4568) or by a DTLS handshake (RFC 5764):
 * two sessions agree keys as an offer and an answer would, and the tone each sends arrives at the
 * other, while the packets on the wire are not plain audio.
 */
class SrtpSessionsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final double TONE_A = 1000;
    private static final double TONE_B = 440;
    private static final MediaSecurity SDES_AES_80 =
            new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES, "AES_CM_128_HMAC_SHA1_80");

    private final BundleContext context = FrameworkUtil.getBundle(SrtpSessionsTest.class).getBundleContext();
    private final List<MediaSession> sessions = new ArrayList<>();
    private ServiceTracker<MediaEngine, MediaEngine> engines;

    @TempDir
    Path directory;

    @BeforeEach
    void trackEngine() throws Exception {
        engines = new ServiceTracker<>(context, MediaEngine.class, null);
        engines.open();
        assertNotNull(engines.waitForService(10_000), "the media engine is registered");
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(MediaSession::close);
        engines.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "opus" })
    void keysAgreedInSdpCarryEachTonePastTheOther(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        Path atA = directory.resolve("a.wav");
        Path atB = directory.resolve("b.wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA));
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB));
        List<SdesCrypto> offer = a.sdesOffer();
        assertFalse(offer.isEmpty(), "the engine offers SRTP keys");
        assertEquals(offer, a.sdesOffer(), "a session offers the same keys when asked again");
        SdesCrypto answer = b.sdesAnswer(offer);
        a.sdesAnswered(answer);
        assertEquals(offer.get(0).tag(), answer.tag(), "the answer takes the first offered key, by its tag");
        assertEquals(SDES_AES_80, a.security());
        assertEquals(SDES_AES_80, b.security());

        a.start(b.localRtpAddress(), format, Optional.empty());
        b.start(a.localRtpAddress(), format, Optional.empty());
        assertEachHearsTheOther(a, atA, b, atB);
    }

    @Test
    void aReofferWithTheSameKeysKeepsTheAnswerAndTheAudioFlowingBothWays() throws Exception {
        RtpFormat format = format("PCMU");
        Path atA = directory.resolve("a.wav");
        Path atB = directory.resolve("b.wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA));
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB));
        SdesCrypto answer = b.sdesAnswer(a.sdesOffer());
        a.sdesAnswered(answer);
        a.start(b.localRtpAddress(), format, Optional.empty());
        b.start(a.localRtpAddress(), format, Optional.empty());
        Thread.sleep(500);
        long receivedByA = a.statistics().packetsReceived();
        long receivedByB = b.statistics().packetsReceived();
        for (int reinvite = 0; reinvite < 5; reinvite++) {
            assertEquals(answer, b.sdesAnswer(a.sdesOffer()), "a re-offer of the same keys is answered with the same key");
            a.sdesAnswered(answer);
        }
        Thread.sleep(500);
        assertTrue(a.statistics().packetsReceived() > receivedByA + 15 && b.statistics().packetsReceived() > receivedByB + 15,
                "the audio goes on both ways: " + a.statistics() + ", " + b.statistics());
        assertEachHearsTheOther(a, atA, b, atB);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "opus" })
    void aDtlsHandshakeKeysTheMediaAndCarriesEachTonePastTheOther(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        Path atA = directory.resolve("a.wav");
        Path atB = directory.resolve("b.wav");
        List<MediaSecurity> toldA = new CopyOnWriteArrayList<>();
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA), toldA::add);
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB), security -> { });
        DtlsFingerprint printA = a.dtlsFingerprint();
        assertEquals(printA, a.dtlsFingerprint(), "a session keeps its certificate");
        a.useDtls(List.of(b.dtlsFingerprint()), DtlsRole.SERVER);
        b.useDtls(List.of(printA), DtlsRole.CLIENT);
        assertEquals(new MediaSecurity.Negotiating(MediaSecurity.KeyExchange.DTLS), a.security());
        assertThrows(MediaException.class, a::sdesOffer, "a session keyed by DTLS offers no SDES keys");

        a.start(b.localRtpAddress(), format, Optional.empty());
        b.start(a.localRtpAddress(), format, Optional.empty());
        MediaSecurity dtlsAes = new MediaSecurity.Srtp(MediaSecurity.KeyExchange.DTLS, "AES_CM_128_HMAC_SHA1");
        awaitSecurity(a, dtlsAes);
        awaitSecurity(b, dtlsAes);
        assertEquals(List.of(dtlsAes), toldA, "the session told its owner once");
        assertEachHearsTheOther(a, atA, b, atB);
    }

    @Test
    void aCertificateThatDoesNotMatchTheFingerprintGivenKeysNothingAndLetsNoAudioThrough() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard());
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard());
        DtlsFingerprint printA = a.dtlsFingerprint();
        // libjitsi gives every session of a process one certificate: another's fingerprint would match
        String otherFirstByte = printA.value().startsWith("00") ? "01" : "00";
        DtlsFingerprint notA = new DtlsFingerprint(printA.hashFunction(), otherFirstByte + printA.value().substring(2));
        a.useDtls(List.of(b.dtlsFingerprint()), DtlsRole.SERVER);
        b.useDtls(List.of(notA), DtlsRole.CLIENT);
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        Thread.sleep(4000);
        assertEquals(new MediaSecurity.Negotiating(MediaSecurity.KeyExchange.DTLS), b.security(), "never secured");
        assertEquals(0, b.statistics().packetsReceived(), "no audio got past the failed handshake: " + b.statistics());
    }

    @Test
    void aZrtpSessionNegotiatesOnTheMediaPathAndTakesNoSdesKeys() {
        // the handshake itself needs two installations (ZRTP refuses a peer with its own ZID):
        // releng/org.parley.product/src/it/check-two-instances.sh runs it between two processes
        MediaSession a = open(new AudioSource.Silence(), new AudioSink.Discard());
        a.useZrtp();
        assertEquals(new MediaSecurity.Negotiating(MediaSecurity.KeyExchange.ZRTP), a.security(),
                "negotiating until the far end answers on the media path");
        assertThrows(MediaException.class, a::sdesOffer, "a session keyed by ZRTP offers no SDES keys");
        assertThrows(IllegalStateException.class, () -> a.setSasVerified(true), "no string to verify yet");

        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard());
        b.sdesAnswered(open(new AudioSource.Silence(), new AudioSink.Discard()).sdesAnswer(b.sdesOffer()));
        assertThrows(MediaException.class, b::useZrtp, "a session keyed by SDES cannot use ZRTP too");
    }

    @Test
    void srtpPacketsCarryAnAuthenticationTagAndNoPlainAudio() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard());
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard());
        a.sdesAnswered(b.sdesAnswer(a.sdesOffer()));
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            far.setSoTimeout(2000);
            a.start((InetSocketAddress) far.getLocalSocketAddress(), format("PCMU"), Optional.empty());
            List<Double> samples = new ArrayList<>();
            byte[] buffer = new byte[2048];
            for (int i = 0; i < 50; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                far.receive(packet);
                assertEquals(0, buffer[1] & 0x7f, "the RTP header stays readable: PCMU");
                assertEquals(12 + 160 + 10, packet.getLength(), "header, 20 ms of G.711 and an 80-bit authentication tag");
                for (int j = 12; j < 12 + 160; j++) {
                    samples.add(G711.ulaw(buffer[j]) / 32768.0);
                }
            }
            Tones.Wav wire = new Tones.Wav(8000, samples.stream().mapToDouble(Double::doubleValue).toArray());
            // ciphertext is noise: the power at any one frequency scatters widely (a ratio of two such powers
            // exceeds 20 one time in 21), so the tone is compared with the mean over twenty other frequencies
            double tone = Tones.power(wire, 0, TONE_A);
            double noise = 0;
            for (int i = 0; i < 20; i++) {
                noise += Tones.power(wire, 0, 310 + 150 * i + (i >= 5 ? 37 : 0)) / 20;
            }
            assertTrue(tone < 20 * noise, "the encrypted payload does not decode to the tone: " + tone + " vs " + noise);
        }
    }

    @Test
    void anAnswerMatchingNoOfferedKeyIsRefused() {
        MediaSession a = open(new AudioSource.Silence(), new AudioSink.Discard());
        SdesCrypto offered = a.sdesOffer().get(0);
        SdesCrypto wrongTag = new SdesCrypto(offered.tag() + 50, offered.suite(),
                "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", Optional.empty());
        MediaException refused = assertThrows(MediaException.class, () -> a.sdesAnswered(wrongTag));
        assertTrue(refused.getMessage().contains("does not match an offered one"), refused.getMessage());
        assertEquals(new MediaSecurity.Unsecured(), a.security(), "no keys were taken");
    }

    @Test
    void anOfferOfUnknownSuitesOnlyIsRefusedNamingThem() {
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard());
        MediaException refused = assertThrows(MediaException.class, () -> b.sdesAnswer(
                List.of(SdesCrypto.parse("1 NULL_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"))));
        assertTrue(refused.getMessage().contains("NULL_HMAC_SHA1_80") && refused.getMessage().contains("AES_CM_128_HMAC_SHA1_80"),
                "names what was offered and what is supported: " + refused.getMessage());
        assertEquals(new MediaSecurity.Unsecured(), b.security());
    }

    private MediaSession open(AudioSource source, AudioSink sink) {
        return open(source, sink, security -> { });
    }

    private MediaSession open(AudioSource source, AudioSink sink, Consumer<MediaSecurity> securityChanged) {
        MediaSession session = engines.getService().open(new MediaSessionOptions(LOOPBACK, source, sink, digit -> { },
                securityChanged));
        sessions.add(session);
        return session;
    }

    private static void awaitSecurity(MediaSession session, MediaSecurity expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!session.security().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, session.security(), "secured within 10 s");
    }

    private RtpFormat format(String codecName) {
        return engines.getService().formats().stream().filter(format -> format.codec().name().equals(codecName))
                .findFirst().orElseThrow(() -> new AssertionError(codecName + " is not offered"));
    }

    /** Lets two started sessions talk for 2 s, closes them and checks each heard the other's tone. */
    private static void assertEachHearsTheOther(MediaSession a, Path atA, MediaSession b, Path atB) throws Exception {
        Thread.sleep(2000);
        var statsA = a.statistics();
        var statsB = b.statistics();
        a.close();
        b.close();
        assertTrue(statsA.packetsReceived() > 25 && statsB.packetsReceived() > 25, "both received: " + statsA + ", " + statsB);
        assertDominant(atB, TONE_A);
        assertDominant(atA, TONE_B);
    }

    private static void assertDominant(Path file, double frequency) throws Exception {
        Tones.assertDominant(file, frequency, frequency == TONE_A ? TONE_B : TONE_A);
    }
}
