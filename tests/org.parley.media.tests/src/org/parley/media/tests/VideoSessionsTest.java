package org.parley.media.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.TestPatternPictures;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoSession;
import org.parley.core.media.VideoSessionOptions;
import org.parley.core.media.VideoSource;
import org.parley.core.media.VideoStatistics;
import org.parley.testkit.network.LossyRelay;

/**
 * VP8 video between two sessions of the real engine on 127.0.0.1: the test pattern's pictures are
 * encoded with libvpx, carried in RTP (RFC 7741), decoded at the far end and their frame numbers read
 * back; loss on the way is noticed, the far end is asked for whole pictures (PLI) and pictures come
 * again; garbage on the port harms nothing.
 */
class VideoSessionsTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RtpFormat VP8 = new RtpFormat(Codec.VP8, 100);

    private final BundleContext context = FrameworkUtil.getBundle(VideoSessionsTest.class).getBundleContext();
    private final List<VideoSession> sessions = new ArrayList<>();
    private ServiceTracker<MediaEngine, MediaEngine> engines;

    @BeforeEach
    void startEngine() throws Exception {
        mediaBundle().start();
        engines = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + MediaEngine.class.getName()
                + ")(" + ServiceProperties.CAPABILITY + "=media))"), null);
        engines.open();
        assertNotNull(engines.waitForService(TIMEOUT_MS), "the media engine is registered");
    }

    @AfterEach
    void closeSessions() throws Exception {
        sessions.forEach(VideoSession::close);
        engines.close();
        mediaBundle().start();
    }

    @Test
    void theEngineOffersVp8() {
        assertEquals(List.of(VP8), engine().videoFormats());
    }

    @Test
    void picturesOfEachSideArriveWholeInOrderAndAreCounted() throws Exception {
        List<Long> atB = new CopyOnWriteArrayList<>();
        VideoSession a = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        VideoSession b = open(new VideoSource.TestPattern(640, 480, 10), frame -> numbers(frame, atB));
        a.start(b.localRtpAddress(), VP8);
        b.start(a.localRtpAddress(), VP8);
        await(() -> atB.size() >= 30, () -> "30 pictures of a's reach b: " + b.statistics());
        await(() -> a.statistics().framesReceived() >= 20, () -> "20 pictures of b's reach a: " + a.statistics());
        VideoFrame atA = a.latestFrame().orElseThrow();
        assertEquals(640, atA.width());
        assertEquals(480, atA.height());
        assertTrue(TestPatternPictures.number(atA).isPresent(), "a sees b's pattern");
        for (int i = 1; i < atB.size(); i++) {
            assertEquals(atB.get(i - 1) + 1, atB.get(i), "b sees a's pictures one after the other: " + atB);
        }
        VideoStatistics sent = a.statistics();
        VideoStatistics received = b.statistics();
        assertEquals(java.util.Optional.of(VP8), sent.format());
        assertTrue(sent.packetsSent() >= sent.framesSent(), sent.toString());
        assertEquals(0, received.packetsLost(), received.toString());
        assertEquals(0, received.framesDropped(), received.toString());
        assertEquals(320, received.receivedWidth());
        assertEquals(240, received.receivedHeight());
    }

    @Test
    void lostPacketsDropTheirPicturesAndTheSenderIsAskedForAWholeOne() throws Exception {
        List<Long> atB = new CopyOnWriteArrayList<>();
        VideoSession a = open(new VideoSource.TestPattern(640, 480, 15), frame -> { });
        VideoSession b = open(new VideoSource.None(), frame -> numbers(frame, atB));
        try (LossyRelay relay = LossyRelay.between(a.localRtpAddress(), b.localRtpAddress(), 0.05, 20261205)) {
            a.start(relay.forA(), VP8);
            b.start(relay.forB(), VP8);
            await(() -> b.statistics().keyframeRequests() >= 1 && resumedAfterAGap(atB),
                    () -> "b loses packets, asks for whole pictures and sees pictures again: " + b.statistics()
                            + " " + atB);
            VideoStatistics received = b.statistics();
            assertTrue(received.packetsLost() > 0, received.toString());
            assertTrue(relay.towardB().dropped() >= received.packetsLost(), relay.towardB() + " " + received);
            assertEquals(0, b.statistics().framesSent(), "b has no source");
            assertTrue(a.statistics().framesSent() > received.framesReceived(), a.statistics() + " " + received);
        }
        List<Long> shown = List.copyOf(atB);
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i) > shown.get(i - 1), "pictures are shown in order, some left out: " + shown);
        }
    }

    /** Whether a picture was shown after one or more that were not (a gap in the frame numbers). */
    private static boolean resumedAfterAGap(List<Long> shown) {
        List<Long> numbers = List.copyOf(shown);
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) > numbers.get(i - 1) + 1) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sdesKeysEncryptThePicturesAndKeysOfAnotherCallLetNothingThrough() throws Exception {
        VideoSession a = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        VideoSession b = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        SdesCrypto answer = b.sdesAnswer(a.sdesOffer());
        a.sdesAnswered(answer);
        assertTrue(a.security() instanceof MediaSecurity.Srtp srtp && srtp.suite().equals(answer.suite()),
                a.security().toString());
        a.start(b.localRtpAddress(), VP8);
        b.start(a.localRtpAddress(), VP8);
        await(() -> a.statistics().framesReceived() >= 10 && b.statistics().framesReceived() >= 10,
                () -> "pictures pass SRTP both ways: " + a.statistics() + " " + b.statistics());
        assertTrue(TestPatternPictures.number(b.latestFrame().orElseThrow()).isPresent());

        VideoSession stranger = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        VideoSession other = open(new VideoSource.None(), frame -> { });
        stranger.sdesAnswered(other.sdesAnswer(stranger.sdesOffer())); // keys of another call
        VideoSession receiver = open(new VideoSource.None(), frame -> { });
        receiver.sdesAnswer(a.sdesOffer());
        stranger.start(receiver.localRtpAddress(), VP8);
        receiver.start(stranger.localRtpAddress(), VP8);
        Thread.sleep(1500);
        assertTrue(stranger.statistics().packetsSent() > 10, stranger.statistics().toString());
        assertEquals(0, receiver.statistics().packetsReceived(), "nothing authenticates: " + receiver.statistics());
    }

    @Test
    void inactiveSendsNothingAndResumingStartsWithAWholePicture() throws Exception {
        VideoSession a = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        VideoSession b = open(new VideoSource.None(), frame -> { });
        a.setDirection(MediaDirection.INACTIVE);
        a.start(b.localRtpAddress(), VP8);
        b.start(a.localRtpAddress(), VP8);
        Thread.sleep(600);
        assertEquals(0, a.statistics().framesSent(), "inactive sends nothing");
        a.setDirection(MediaDirection.SEND_ONLY);
        await(() -> b.statistics().framesReceived() >= 5, () -> "pictures come once a sends: " + b.statistics());
        assertEquals(0, b.statistics().framesDropped(), "the first picture after resuming is whole: " + b.statistics());
    }

    @Test
    void garbageOnThePortsHarmsNothing() throws Exception {
        VideoSession a = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        VideoSession b = open(new VideoSource.None(), frame -> { });
        a.start(b.localRtpAddress(), VP8);
        b.start(a.localRtpAddress(), VP8);
        Random random = new Random(7);
        try (DatagramSocket noise = new DatagramSocket(0, LOOPBACK)) {
            InetSocketAddress rtp = b.localRtpAddress();
            InetSocketAddress rtcp = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[random.nextInt(1400)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length > 12) {
                    junk[0] = (byte) 0x80; // looks like RTP of the agreed payload type
                    junk[1] = (byte) VP8.payloadType();
                }
                noise.send(new DatagramPacket(junk, junk.length, i % 2 == 0 ? rtp : rtcp));
            }
        }
        long before = b.statistics().framesReceived();
        await(() -> b.statistics().framesReceived() >= before + 15, () -> "pictures still arrive: " + b.statistics());
        assertTrue(TestPatternPictures.number(b.latestFrame().orElseThrow()).isPresent());
    }

    @Test
    void closingFreesThePortsAndAnUnknownCodecIsRefused() throws Exception {
        VideoSession a = open(new VideoSource.TestPattern(320, 240, 15), frame -> { });
        InetSocketAddress port = a.localRtpAddress();
        MediaException refused = assertThrows(MediaException.class,
                () -> a.start(port, new RtpFormat(new Codec("H264", 90000, 1), 96)));
        assertTrue(refused.getMessage().contains("VP8"), refused.getMessage());
        a.close();
        try (DatagramSocket again = new DatagramSocket(port)) {
            assertEquals(port.getPort(), again.getLocalPort());
        }
    }

    private static void numbers(VideoFrame frame, List<Long> numbers) {
        OptionalLong number = TestPatternPictures.number(frame);
        numbers.add(number.orElse(-1));
    }

    private VideoSession open(VideoSource source, java.util.function.Consumer<VideoFrame> frames) {
        VideoSession session = engine().openVideo(new VideoSessionOptions(LOOPBACK, source, frames));
        sessions.add(session);
        return session;
    }

    private MediaEngine engine() {
        return engines.getService();
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + TIMEOUT_MS + " ms: " + what.get());
            }
            Thread.sleep(50);
        }
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
