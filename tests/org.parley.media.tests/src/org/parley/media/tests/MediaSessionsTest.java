package org.parley.media.tests;

import org.parley.testkit.audio.Tones;
import org.parley.testkit.network.LossyRelay;
import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.RtpFormat;

/**
 * Runs inside OSGi against the real libjitsi engine: two sessions on 127.0.0.1 stream real encoded
 * audio to each other, and what arrives is checked by its frequency.
 */
class MediaSessionsTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Path OPUSDEC = Path.of("/usr/bin/opusdec");
    private static final double TONE_A = 1000;
    private static final double TONE_B = 440;

    private final BundleContext context = FrameworkUtil.getBundle(MediaSessionsTest.class).getBundleContext();
    private final List<MediaSession> sessions = new ArrayList<>();
    private ServiceTracker<MediaEngine, MediaEngine> engines;

    @TempDir
    Path directory;

    @BeforeEach
    void startEngine() throws Exception {
        mediaBundle().start();
        engines = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + MediaEngine.class.getName() + ")("
                        + ServiceProperties.CAPABILITY + "=media))"),
                null);
        engines.open();
        assertNotNull(engines.waitForService(TIMEOUT_MS), "the media engine is registered");
    }

    @AfterEach
    void closeSessions() throws Exception {
        sessions.forEach(MediaSession::close);
        engines.close();
        mediaBundle().start();
    }

    @Test
    void formatsAreOpusG722PcmuPcmaThenTelephoneEvent() {
        List<RtpFormat> formats = engine().formats();
        assertEquals(List.of(new RtpFormat(Codec.OPUS, 111, Map.of("useinbandfec", "1", "usedtx", "1",
                "maxaveragebitrate", "32000")), new RtpFormat(Codec.G722, 9), new RtpFormat(Codec.PCMU, 0),
                new RtpFormat(Codec.PCMA, 8), new RtpFormat(Codec.TELEPHONE_EVENT, 101)), formats);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "PCMA", "G722", "opus" })
    void toneArrivesAtItsFrequencyAndPacketsAreCountedBothWays(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        Path atA = directory.resolve("a-" + codecName + ".wav");
        Path atB = directory.resolve("b-" + codecName + ".wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB), digit -> { });
        a.start(b.localRtpAddress(), format, Optional.empty());
        b.start(a.localRtpAddress(), format, Optional.empty());
        assertEquals(Optional.of(format), a.format());

        Thread.sleep(2000);
        MediaStatistics statsA = a.statistics();
        MediaStatistics statsB = b.statistics();
        a.close();
        b.close();

        System.out.println(codecName + ": A " + statsA + ", B " + statsB);
        assertTrue(statsA.packetsSent() > 25 && statsA.packetsReceived() > 25, "A sent and received: " + statsA);
        assertTrue(statsB.packetsSent() > 25 && statsB.packetsReceived() > 25, "B sent and received: " + statsB);
        assertDominant(atB, TONE_A);
        assertDominant(atA, TONE_B);
    }

    /**
     * RTCP multiplexed on the RTP port (RFC 5761): each side sends RTP and RTCP to the other's RTP
     * port only; the tones arrive and RTCP reports make the round trip (which needs RTCP to be told
     * apart from RTP on arrival).
     */
    @Test
    void rtcpMultiplexedOnTheRtpPortCarriesBothTonesAndTheReports() throws Exception {
        RtpFormat format = format("opus");
        Path atA = directory.resolve("mux-a.wav");
        Path atB = directory.resolve("mux-b.wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB), digit -> { });
        assertTrue(a.supportsRtcpMux(), "libjitsi's engine multiplexes RTCP");
        a.startWithRtcpMux(b.localRtpAddress(), format, Optional.empty());
        b.startWithRtcpMux(a.localRtpAddress(), format, Optional.empty());
        Thread.sleep(2000);
        awaitRoundTrips(a, b);
        MediaStatistics statsA = a.statistics();
        a.close();
        b.close();

        assertTrue(statsA.packetsSent() > 50 && statsA.packetsReceived() > 50, "A sent and received: " + statsA);
        assertDominant(atB, TONE_A);
        assertDominant(atA, TONE_B);
    }

    /**
     * Two sessions talk through a relay that drops 5 % of the RTP packets each way (RTCP passes). The
     * tones still arrive at their frequencies, and each side's statistics count as lost what the
     * relay dropped toward it: libjitsi counts losses as gaps in the sequence numbers, so a drop
     * before the first or after the last packet that got through is no gap; at 5 % loss the chance
     * of more than {@value #EDGE_DROPS} such drops at the two ends together is below 1 in 10,000.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "PCMA", "G722", "opus" })
    void toneSurvivesFivePercentLossAndTheLossIsReported(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        Path atA = directory.resolve("lossy-a-" + codecName + ".wav");
        Path atB = directory.resolve("lossy-b-" + codecName + ".wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.WavFile(atA), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB), digit -> { });
        MediaStatistics statsA;
        MediaStatistics statsB;
        LossyRelay.Counts toA;
        LossyRelay.Counts toB;
        try (LossyRelay relay = LossyRelay.between(a.localRtpAddress(), b.localRtpAddress(), 0.05, 20261120)) {
            a.start(relay.forA(), format, Optional.empty());
            b.start(relay.forB(), format, Optional.empty());
            Thread.sleep(3000);
            awaitRoundTrips(a, b);
            relay.close();
            Thread.sleep(300); // what the relay passed on before it closed is read and counted
            statsA = a.statistics();
            statsB = b.statistics();
            toA = relay.towardA();
            toB = relay.towardB();
        }
        a.close();
        b.close();

        System.out.printf("%s through 5 %% loss: relay to B %s, B %s; relay to A %s, A %s%n", codecName, toB, statsB,
                toA, statsA);
        assertLossMatches(toB, statsB, "B");
        assertLossMatches(toA, statsA, "A");
        for (MediaStatistics statistics : List.of(statsA, statsB)) {
            assertEquals(Optional.of(format), statistics.format());
            assertTrue(statistics.jitter().isPresent(), "jitter is measured: " + statistics);
            // FMJ stamps its reports when its RTCP thread gets to them: on this busy 2-core machine
            // loopback round trips measured 20 ms to 0.5 s
            assertTrue(statistics.roundTripTime().orElseThrow().compareTo(Duration.ofSeconds(1)) < 0,
                    "a loopback round trip is short: " + statistics);
        }
        if (codecName.equals("opus")) {
            assertTrue(statsA.packetsConcealed() > 0 && statsB.packetsConcealed() > 0,
                    "Opus fills in lost packets (in-band FEC or concealment): A " + statsA + ", B " + statsB);
        }
        assertDominant(atB, TONE_A);
        assertDominant(atA, TONE_B);
    }

    private static final int EDGE_DROPS = 3;

    private static void assertLossMatches(LossyRelay.Counts relayed, MediaStatistics statistics, String side) {
        assertTrue(relayed.dropped() > 0, "the relay dropped packets toward " + side + ": " + relayed);
        assertTrue(statistics.packetsLost() > 0, side + " reports loss: " + statistics);
        assertTrue(statistics.packetsLost() <= relayed.dropped()
                && statistics.packetsLost() >= relayed.dropped() - EDGE_DROPS,
                side + " reports as lost what the relay dropped (" + relayed + "): " + statistics);
        assertTrue(Math.abs(statistics.packetsReceived() - relayed.forwarded()) <= 2,
                side + " received what the relay passed on (" + relayed + "): " + statistics);
        double relayFraction = (double) relayed.dropped() / relayed.arrived();
        assertEquals(relayFraction, statistics.lossFraction(), 0.01, side + "'s loss fraction");
    }

    /**
     * A recording holds both directions mixed: the tone this session sends and the one it receives,
     * for as long as it ran; a second recording is completed when the session closes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "opus" })
    void recordingHoldsBothDirectionsMixedUntilStoppedOrClosed(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.Discard(), digit -> { });
        a.start(b.localRtpAddress(), format, Optional.empty());
        b.start(a.localRtpAddress(), format, Optional.empty());
        awaitGrowing(() -> a.statistics().packetsReceived(), "A receives B's audio");

        Path first = directory.resolve("call-" + codecName + ".wav");
        assertEquals(Optional.empty(), a.recording());
        a.startRecording(first);
        assertEquals(Optional.of(first), a.recording());
        assertThrows(IllegalStateException.class, () -> a.startRecording(directory.resolve("other.wav")),
                "one recording at a time");
        Thread.sleep(2000);
        a.stopRecording();
        assertEquals(Optional.empty(), a.recording());

        Path second = directory.resolve("call-" + codecName + "-until-close.wav");
        a.startRecording(second);
        Thread.sleep(1000);
        a.close();
        assertThrows(IllegalStateException.class, () -> a.startRecording(first), "a closed session records nothing");

        assertMixed(Tones.read(first), 2.0);
        assertMixed(Tones.read(second), 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "opus" })
    void aConferenceLetsEachFarEndHearThisSideAndTheOtherUntilSplit(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        double toneC = 700;
        Path atB = directory.resolve("b-" + codecName + ".wav");
        Path atC = directory.resolve("c-" + codecName + ".wav");
        MediaSession toB = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession toC = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.WavFile(atB), digit -> { });
        MediaSession c = open(new AudioSource.Tone(toneC), new AudioSink.WavFile(atC), digit -> { });
        assertThrows(MediaException.class, () -> toB.joinConference(toC), "sessions join once their audio runs");
        toB.start(b.localRtpAddress(), format, Optional.empty());
        b.start(toB.localRtpAddress(), format, Optional.empty());
        toC.start(c.localRtpAddress(), format, Optional.empty());
        c.start(toC.localRtpAddress(), format, Optional.empty());
        awaitGrowing(() -> toC.statistics().packetsReceived(), "this side receives C's audio");

        toB.joinConference(toC);
        Thread.sleep(2500);
        toB.leaveConference();
        Thread.sleep(300);
        Path afterSplit = directory.resolve("b-after-split-" + codecName + ".wav");
        b.startRecording(afterSplit);
        Thread.sleep(1500);
        b.close();
        c.close();

        Tones.Wav heardByB = Tones.read(atB);
        Tones.Wav heardByC = Tones.read(atC);
        assertTrue(Tones.dominance(heardByB, TONE_A) > 20 && Tones.dominance(heardByB, toneC) > 20,
                "B hears this side and C: " + Tones.dominance(heardByB, TONE_A) + ", " + Tones.dominance(heardByB, toneC));
        assertTrue(Tones.dominance(heardByC, TONE_A) > 20 && Tones.dominance(heardByC, TONE_B) > 20,
                "C hears this side and B: " + Tones.dominance(heardByC, TONE_A) + ", " + Tones.dominance(heardByC, TONE_B));
        Tones.Wav split = Tones.read(afterSplit);
        int skip = split.sampleRate() / 5;
        assertTrue(Tones.power(split, skip, toneC) < Tones.power(split, skip, TONE_A) / 100,
                "after the split B no longer hears C: " + Tones.power(split, skip, toneC) + " vs this side's "
                        + Tones.power(split, skip, TONE_A));
    }

    @Test
    void aRecordingNamedOggIsAnOggOpusFileThatOpusdecPlaysBack() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.Discard(), digit -> { });
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        awaitGrowing(() -> a.statistics().packetsReceived(), "A receives B's audio");
        Path ogg = directory.resolve("call.ogg");
        a.startRecording(ogg);
        Thread.sleep(2000);
        a.stopRecording();

        byte[] bytes = Files.readAllBytes(ogg);
        assertEquals("OggS", new String(bytes, 0, 4, StandardCharsets.US_ASCII), "an Ogg page starts the file");
        assertEquals("OpusHead", new String(bytes, 28, 8, StandardCharsets.US_ASCII), "the first packet is OpusHead");
        DebianPackages.ensureInstalled("opus-tools", List.of("opus-tools"), pkg -> Files.isExecutable(OPUSDEC), true,
                directory, Duration.ofMinutes(5));
        Path decoded = directory.resolve("decoded.wav");
        // opusdec checks every page's CRC and the stream's structure, and fails on a broken file
        Processes.run(List.of(OPUSDEC.toString(), "--rate", "8000", ogg.toString(), decoded.toString()), Map.of(),
                directory.resolve("opusdec.log"), Duration.ofSeconds(30), "opusdec plays the recording back");
        assertMixed(Tones.read(decoded), 2.0);
    }

    private static void assertMixed(Tones.Wav wav, double seconds) {
        assertEquals(seconds, wav.seconds(), 0.4, "the recording lasts as long as it ran");
        int skip = wav.sampleRate() / 5;
        double sent = Tones.power(wav, skip, TONE_A);
        double received = Tones.power(wav, skip, TONE_B);
        for (double other : new double[] { 300, 700, 1500, 2000 }) {
            double power = Tones.power(wav, skip, other);
            assertTrue(sent > 20 * power && received > 20 * power, "both tones (" + TONE_A + " Hz: " + sent + ", "
                    + TONE_B + " Hz: " + received + ") clearly exceed " + other + " Hz (" + power + ")");
        }
        System.out.printf("recording: %.2f s at %d Hz, sent %.0f Hz power %.4f, received %.0f Hz power %.4f%n",
                wav.seconds(), wav.sampleRate(), TONE_A, sent, TONE_B, received);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PCMU", "PCMA", "G722", "opus" })
    void rtpOnTheWireCarriesTheNegotiatedCodec(String codecName) throws Exception {
        RtpFormat format = format(codecName);
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            far.setSoTimeout(2000);
            MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
            long begin = System.nanoTime();
            a.start((InetSocketAddress) far.getLocalSocketAddress(), format, Optional.empty());
            long started = System.nanoTime();

            List<byte[]> packets = new ArrayList<>();
            byte[] buffer = new byte[2048];
            while (packets.size() < 50) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                far.receive(packet);
                if (packets.isEmpty()) {
                    System.out.printf("%s: start() returned after %d ms, first RTP packet after %d ms%n", codecName,
                            (started - begin) / 1_000_000, (System.nanoTime() - begin) / 1_000_000);
                }
                packets.add(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            }
            int samplesPerPacket = format.codec().clockRate() / 50;
            double[] decoded = new double[0];
            for (int i = 0; i < packets.size(); i++) {
                ByteBuffer rtp = ByteBuffer.wrap(packets.get(i));
                assertEquals(2, (rtp.get(0) & 0xff) >> 6, "RTP version 2");
                assertEquals(format.payloadType(), rtp.get(1) & 0x7f, "payload type of packet " + i);
                int payload = packets.get(i).length - 12 - 4 * (rtp.get(0) & 0x0f);
                if (i > 0) {
                    ByteBuffer previous = ByteBuffer.wrap(packets.get(i - 1));
                    assertEquals((previous.getShort(2) + 1) & 0xffff, rtp.getShort(2) & 0xffff, "sequence numbers");
                    assertEquals(samplesPerPacket, rtp.getInt(4) - previous.getInt(4), "20 ms of timestamp per packet");
                    assertEquals(previous.getInt(8), rtp.getInt(8), "one SSRC");
                }
                if (codecName.equals("G722")) {
                    assertEquals(160, payload, "20 ms of G.722 (16 kHz, 4 bits a sample) per packet");
                } else if (format.codec().clockRate() == 8000) {
                    assertEquals(160, payload, "20 ms of G.711 per packet");
                    double[] more = new double[decoded.length + payload];
                    System.arraycopy(decoded, 0, more, 0, decoded.length);
                    for (int j = 0; j < payload; j++) {
                        byte sample = packets.get(i)[packets.get(i).length - payload + j];
                        more[decoded.length + j] = (codecName.equals("PCMU") ? G711.ulaw(sample) : G711.alaw(sample))
                                / 32768.0;
                    }
                    decoded = more;
                } else {
                    assertTrue(payload > 0 && payload < 400, "an Opus frame, not raw audio: " + payload + " bytes");
                }
            }
            if (decoded.length > 0) {
                Tones.Wav wire = new Tones.Wav(8000, decoded);
                double tone = Tones.power(wire, 800, TONE_A);
                assertTrue(tone > 20 * Tones.power(wire, 800, TONE_B) && tone > 20 * Tones.power(wire, 800, 1500),
                        "the G.711 payload decodes to the " + TONE_A + " Hz tone");
            }
        }
    }

    /**
     * libjitsi's Opus encoder follows the far end's format parameters, given to the session in its
     * format: {@code maxaveragebitrate=8000} caps a tone at about 20 bytes a packet against the
     * 32 kbit/s (80 bytes) libjitsi sends by default.
     */
    @Test
    void opusEncoderFollowsTheFarEndsBitrateCap() throws Exception {
        RtpFormat plain = format("opus").withParameters(Map.of());
        Sent tone = sent(new AudioSource.Tone(TONE_A), plain);
        Sent capped = sent(new AudioSource.Tone(TONE_A), plain.withParameters(Map.of("maxaveragebitrate", "8000")));
        System.out.printf("Opus: tone %s, with maxaveragebitrate=8000 %s%n", tone, capped);
        assertTrue(capped.packets() > 40 && capped.bytesPerPacket() <= 25 && tone.bytesPerPacket() > 60,
                "the bitrate is capped: " + capped + " against " + tone);
    }

    /** What a session sent in one second, after 300 ms of start-up. */
    private record Sent(int packets, long payloadBytes) {

        double bytesPerPacket() {
            return packets == 0 ? 0 : (double) payloadBytes / packets;
        }

        @Override
        public String toString() {
            return String.format("%d packets, %.1f bytes each", packets, bytesPerPacket());
        }
    }

    private Sent sent(AudioSource source, RtpFormat format) throws Exception {
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            far.setSoTimeout(100);
            MediaSession session = open(source, new AudioSink.Discard(), digit -> { });
            session.start((InetSocketAddress) far.getLocalSocketAddress(), format, Optional.empty());
            long begin = System.nanoTime();
            long from = begin + Duration.ofMillis(300).toNanos();
            long until = from + Duration.ofSeconds(1).toNanos();
            int packets = 0;
            long bytes = 0;
            byte[] buffer = new byte[2048];
            while (System.nanoTime() < until) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    far.receive(packet);
                } catch (java.net.SocketTimeoutException quiet) {
                    continue;
                }
                if (System.nanoTime() >= from) {
                    packets++;
                    bytes += packet.getLength() - 12 - 4 * (buffer[0] & 0x0f);
                }
            }
            session.close();
            return new Sent(packets, bytes);
        }
    }

    @Test
    void dtmfDigitsSentByOneSessionArriveAtTheOther() throws Exception {
        BlockingQueue<Character> received = new LinkedBlockingQueue<>();
        MediaSession a = open(new AudioSource.Silence(), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard(), received::add);
        RtpFormat events = new RtpFormat(Codec.TELEPHONE_EVENT, 101);
        a.start(b.localRtpAddress(), format("PCMU"), Optional.of(events));
        b.start(a.localRtpAddress(), format("PCMU"), Optional.of(events));

        a.sendDtmf("15*#9");

        StringBuilder digits = new StringBuilder();
        while (digits.length() < 5) {
            Character digit = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(digit, "digits received so far: " + digits);
            digits.append(digit);
        }
        assertEquals("15*#9", digits.toString());
    }

    @Test
    void wavFileSourceIsPlayedToTheFarEnd() throws Exception {
        Path played = directory.resolve("played.wav");
        Tones.writeTone(played, 16000, 700, 3.0);
        Path atB = directory.resolve("b-from-file.wav");
        MediaSession a = open(new AudioSource.WavFile(played), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.WavFile(atB), digit -> { });
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        Thread.sleep(1500);
        b.close();
        a.close();

        Tones.Wav wav = Tones.read(atB);
        double tone = Tones.power(wav, 1600, 700);
        assertTrue(tone > 1e-3, "the file's 700 Hz tone arrives: " + tone);
        assertTrue(tone > 20 * Tones.power(wav, 1600, 1000) && tone > 20 * Tones.power(wav, 1600, 350),
                "700 Hz dominates what arrived");
    }

    @Test
    void mutedSessionSendsSilenceButKeepsSending() throws Exception {
        Path atB = directory.resolve("b-muted.wav");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.WavFile(atB), digit -> { });
        a.setMuted(true);
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        awaitGrowing(() -> b.statistics().packetsReceived(), "a muted A still sends packets");
        Thread.sleep(1000);
        b.close();

        Tones.Wav wav = Tones.read(atB);
        assertTrue(wav.seconds() > 0.5, "B received audio: " + wav.seconds() + " s");
        double tone = Tones.power(wav, 0, TONE_A);
        assertTrue(tone < 1e-6, "no tone while muted: " + tone);
    }

    @Test
    void startingAgainWithAnotherCodecKeepsThePort() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Tone(TONE_B), new AudioSink.Discard(), digit -> { });
        InetSocketAddress rtpA = a.localRtpAddress();
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        awaitGrowing(() -> b.statistics().packetsReceived(), "B receives PCMU");

        a.start(b.localRtpAddress(), format("opus"), Optional.empty());
        b.start(a.localRtpAddress(), format("opus"), Optional.empty());

        assertEquals(rtpA, a.localRtpAddress());
        assertEquals(Optional.of(format("opus")), a.format());
        awaitGrowing(() -> b.statistics().packetsReceived(), "B receives Opus on the same ports");
        awaitGrowing(() -> a.statistics().packetsReceived(), "A receives Opus on the same ports");
    }

    @Test
    void dtmfWithoutTelephoneEventIsRefused() {
        MediaSession a = open(new AudioSource.Silence(), new AudioSink.Discard(), digit -> { });
        a.start(new InetSocketAddress(LOOPBACK, 9), format("PCMU"), Optional.empty());
        assertThrows(IllegalStateException.class, () -> a.sendDtmf("1"));
    }

    @Test
    void inactiveDirectionStopsPackets() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard(), digit -> { });
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        b.start(a.localRtpAddress(), format("PCMU"), Optional.empty());
        awaitGrowing(() -> b.statistics().packetsReceived(), "B receives A's packets");

        a.setDirection(MediaDirection.INACTIVE);
        Thread.sleep(600); // a packet already on its way may still be counted under load
        long sent = a.statistics().packetsSent();
        long received = b.statistics().packetsReceived();
        Thread.sleep(1000);
        // 1 s of a flowing stream is 50 packets; at most one straggler is tolerated
        assertTrue(a.statistics().packetsSent() - sent <= 1, "A sends nothing while inactive: " + sent + " -> "
                + a.statistics().packetsSent());
        assertTrue(b.statistics().packetsReceived() - received <= 1, "B receives nothing from an inactive A: "
                + received + " -> " + b.statistics().packetsReceived());

        a.setDirection(MediaDirection.SEND_RECEIVE);
        awaitGrowing(() -> b.statistics().packetsReceived(), "B receives A's packets again");
    }

    @Test
    void closeFreesTheRtpAndRtcpPorts() throws Exception {
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        MediaSession b = open(new AudioSource.Silence(), new AudioSink.Discard(), digit -> { });
        a.start(b.localRtpAddress(), format("PCMU"), Optional.empty());
        awaitGrowing(() -> a.statistics().packetsSent(), "A sends");
        InetSocketAddress rtp = a.localRtpAddress();
        assertEquals(0, rtp.getPort() % 2, "the RTP port is even");
        assertThrows(Exception.class, () -> new DatagramSocket(rtp).close(), "the RTP port is taken while open");

        a.close();

        // The JDK releases a datagram socket's port only once the thread blocked receiving on it
        // (libjitsi's RTP reader) has left, which may be a moment after close() returned.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try (DatagramSocket rtpAgain = new DatagramSocket(rtp);
                    DatagramSocket rtcpAgain = new DatagramSocket(
                            new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1))) {
                assertEquals(rtp.getPort(), rtpAgain.getLocalPort());
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the RTP/RTCP ports are still taken 2 s after close", e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void captureDeviceIsUsedOrRefusedWithAClearMessage() {
        try {
            open(new AudioSource.CaptureDevice(), new AudioSink.Discard(), digit -> { });
        } catch (MediaException e) {
            assertTrue(e.getMessage().startsWith("No audio capture device"), e.getMessage());
        }
    }

    @Test
    void engineLeavesWithItsBundleAndComesBackWithIt() throws Exception {
        assertNotNull(engines.getService(), "the engine is there before the stop");

        mediaBundle().stop();
        assertEquals(null, engines.getService(), "no media engine while org.parley.media is stopped");

        mediaBundle().start();
        MediaEngine engine = engines.waitForService(TIMEOUT_MS);
        assertNotNull(engine, "the engine comes back with the bundle");
        assertEquals(Codec.OPUS, engine.formats().get(0).codec(), "the new engine offers Opus first");
        MediaSession a = open(new AudioSource.Tone(TONE_A), new AudioSink.Discard(), digit -> { });
        a.start(new InetSocketAddress(LOOPBACK, 9), format("PCMU"), Optional.empty());
        awaitGrowing(() -> a.statistics().packetsSent(), "a session of the new engine sends");
    }

    private MediaSession open(AudioSource source, AudioSink sink, Consumer<Character> dtmf) {
        MediaSession session = engine().open(new MediaSessionOptions(LOOPBACK, source, sink, dtmf));
        sessions.add(session);
        return session;
    }

    /** Waits until both sessions measured a round trip from the other's RTCP reports (at most 20 s). */
    private static void awaitRoundTrips(MediaSession a, MediaSession b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (a.statistics().roundTripTime().isEmpty() || b.statistics().roundTripTime().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "an RTCP round trip is measured on both sides within 20 s: A "
                    + a.statistics() + ", B " + b.statistics());
            Thread.sleep(100);
        }
    }

    private MediaEngine engine() {
        MediaEngine engine = engines.getService();
        assertNotNull(engine, "the media engine is registered");
        return engine;
    }

    private RtpFormat format(String codecName) {
        return engine().formats().stream().filter(format -> format.codec().name().equals(codecName)).findFirst()
                .orElseThrow(() -> new AssertionError(codecName + " is not offered: " + engine().formats()));
    }

    private static void awaitGrowing(LongSupplier counter, String what) throws InterruptedException {
        long start = counter.getAsLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter.getAsLong() <= start + 5) {
            assertTrue(System.nanoTime() < deadline, what + ": the count stays at " + counter.getAsLong());
            Thread.sleep(50);
        }
    }

    private static void assertDominant(Path file, double frequency) throws Exception {
        Tones.assertDominant(file, frequency, frequency == TONE_A ? TONE_B : TONE_A);
    }

    private Bundle mediaBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("org.parley.media".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("org.parley.media is not installed");
    }
}
