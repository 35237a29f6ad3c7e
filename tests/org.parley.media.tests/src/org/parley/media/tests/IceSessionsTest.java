package org.parley.media.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.Codec;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.IceSettings;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;

/**
 * ICE between two sessions of the real engine on 127.0.0.1 (ice4j): each gathers a host candidate
 * per component on its own ports, the checks select the pair and RTP flows over it both ways; checks
 * against candidates nobody answers end in a failure with the reason; a session without ICE refuses
 * to start with it.
 */
class IceSessionsTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RtpFormat PCMU = new RtpFormat(Codec.PCMU, 0);

    private final BundleContext context = FrameworkUtil.getBundle(IceSessionsTest.class).getBundleContext();
    private final List<MediaSession> sessions = new ArrayList<>();
    private ServiceTracker<MediaEngine, MediaEngine> engines;

    @BeforeEach
    void startEngine() throws Exception {
        engines = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + MediaEngine.class.getName()
                + ")(" + ServiceProperties.CAPABILITY + "=media))"), null);
        engines.open();
        assertNotNull(engines.waitForService(TIMEOUT_MS), "the media engine is registered");
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(MediaSession::close);
        engines.close();
    }

    @Test
    void eachSideGathersHostCandidatesOnItsOwnPortsAndTheChecksCarryTheAudio() throws Exception {
        CompletableFuture<String> failedA = new CompletableFuture<>();
        CompletableFuture<String> failedB = new CompletableFuture<>();
        MediaSession a = open(failedA);
        MediaSession b = open(failedB);
        IceParameters iceA = a.iceParameters().orElseThrow();
        IceParameters iceB = b.iceParameters().orElseThrow();
        assertEquals(iceA, a.iceParameters().orElseThrow(), "the same each time, for re-offers");
        assertTrue(iceA.candidates().stream().anyMatch(candidate -> candidate.component() == 1
                && candidate.type() == IceCandidate.Type.HOST && candidate.port() == a.localRtpAddress().getPort()),
                "the RTP host candidate is the session's own port: " + iceA);
        assertTrue(iceA.candidates().stream().anyMatch(candidate -> candidate.component() == 2
                && candidate.port() == a.localRtpAddress().getPort() + 1), "RTCP on the port above: " + iceA);

        a.startWithIce(iceB, true, PCMU, Optional.empty());
        b.startWithIce(iceA, false, PCMU, Optional.empty());
        await(() -> a.statistics().packetsReceived() > 50 && b.statistics().packetsReceived() > 50,
                "audio over the pair ICE selected, both ways: " + a.statistics() + " " + b.statistics());
        assertEquals(b.localRtpAddress().getPort(), a.iceSelectedRemote().orElseThrow().port());
        assertEquals(IceCandidate.Type.HOST, a.iceSelectedRemote().orElseThrow().type());
        assertTrue(!failedA.isDone() && !failedB.isDone(), "no failure reported");
    }

    @Test
    void checksThatNobodyAnswersFailWithTheReason() throws Exception {
        CompletableFuture<String> failed = new CompletableFuture<>();
        MediaSession a = open(failed);
        IceParameters silent = new IceParameters("qwer", "0123456789abcdefghijkl", List.of(
                IceCandidate.parse("1 1 UDP 2130706431 127.0.0.1 9 typ host"),
                IceCandidate.parse("1 2 UDP 2130706430 127.0.0.1 10 typ host")));
        a.startWithIce(silent, true, PCMU, Optional.empty());
        String reason = failed.get(60, TimeUnit.SECONDS);
        assertTrue(reason.contains("ICE"), reason);
        assertEquals(Optional.empty(), a.iceSelectedRemote());
    }

    @Test
    void aSessionWithoutIceRefusesToStartWithIt() {
        MediaSession plain = engine().open(new MediaSessionOptions(LOOPBACK, new AudioSource.Silence(),
                new AudioSink.Discard(), digit -> { }));
        sessions.add(plain);
        assertEquals(Optional.empty(), plain.iceParameters());
        assertThrows(MediaException.class, () -> plain.startWithIce(new IceParameters("qwer", "0123456789abcdefghijkl",
                List.of()), true, PCMU, Optional.empty()));
    }

    private MediaSession open(CompletableFuture<String> failed) {
        MediaSession session = engine().open(new MediaSessionOptions(LOOPBACK, new AudioSource.Tone(1000),
                new AudioSink.Discard(), digit -> { }, security -> { }, Optional.empty(), IceSettings.withoutTurn(),
                failed::complete));
        sessions.add(session);
        return session;
    }

    private MediaEngine engine() {
        return engines.getService();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT_MS + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }
}
