package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.VideoStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;

/**
 * The console's media commands for a call through the real Gogo runtime: {@code parley:stats}
 * prints a call's figures, {@code parley:record} starts and stops its recording.
 *
 * <p>
 * The SIP provider is not part of this test runtime, so the test registers its own small
 * {@link Telephony} with calls whose figures it fixes ({@link FixedCall}), as a provider does: what
 * is tested here is how the console finds the call and formats what it says.
 */
class CallCommandsTest {

    private final BundleContext context = FrameworkUtil.getBundle(CallCommandsTest.class).getBundleContext();
    private final TestServices services = new TestServices(context);
    private ConsoleSession console;

    @TempDir
    Path directory;

    @BeforeEach
    void startConsole() throws Exception {
        console = new ConsoleSession(context);
    }

    @AfterEach
    void unregisterAndClose() {
        services.close();
        console.close();
    }

    @Test
    void statsPrintsCodecPacketsLossJitterAndRoundTripTime() throws Exception {
        MediaStatistics flowing = new MediaStatistics(Optional.of(new RtpFormat(Codec.OPUS, 111)), 512, 475, 25, 24,
                Optional.of(Duration.ofNanos(1_250_000)), Duration.ofMillis(60), Optional.of(Duration.ofMillis(38)));
        FixedCall connected = new FixedCall("c-1", flowing);
        FixedCall dialing = new FixedCall("d-2", MediaStatistics.NONE);
        services.register(Telephony.class, new FixedTelephony(List.of(connected, dialing)),
                ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "telephony");

        assertEquals(String.join("\n",
                "call      c-1",
                "codec     opus/48000/2, payload type 111",
                "sent      512 packets",
                "received  475 packets",
                "lost      25 (24 concealed)",
                "loss      5.0 % of 500 expected",
                "jitter    1.3 ms",
                "buffer    60.0 ms",
                "rtt       38.0 ms",
                "path      sdp address (no ICE)"), console.run("parley:stats c-"));
        assertEquals(String.join("\n",
                "call      d-2",
                "codec     none yet",
                "sent      0 packets",
                "received  0 packets",
                "lost      0",
                "loss      0.0 % of 0 expected",
                "jitter    not measured yet (no RTCP report sent)",
                "buffer    0.0 ms",
                "rtt       not measured yet (no RTCP report received)",
                "path      sdp address (no ICE)"), console.run("parley:stats d-2"));
        console.assertFails("no call x-9", "parley:stats x-9");
    }

    @Test
    void videoIsAddedAndRemovedAndItsFiguresFollowTheAudiosInStats() throws Exception {
        FixedCall call = new FixedCall("c-1", MediaStatistics.NONE);
        services.register(Telephony.class, new FixedTelephony(List.of(call)), ServiceProperties.ACCOUNT_ID, "work",
                ServiceProperties.CAPABILITY, "telephony");

        assertEquals("adding video to c-1", console.run("parley:video c-1 on"));
        assertEquals(MediaDirection.SEND_RECEIVE, call.video());
        List<String> lines = console.run("parley:calls").lines().toList();
        assertTrue(lines.get(0).contains(" VIDEO ") && lines.get(1).contains(" sendrecv "), String.join("\n", lines));
        String stats = console.run("parley:stats c-1");
        assertTrue(stats.endsWith(String.join("\n",
                "video     VP8/90000, payload type 100, security none",
                "pictures  150 sent (410 packets), 140 received (380 packets), 640x480",
                "v-lost    3 packets, 2 pictures not shown, 1 asked for again")), stats);
        assertEquals("removing video from c-1", console.run("parley:video c-1 off"));
        assertEquals(MediaDirection.INACTIVE, call.video());
        console.assertFails("video <call> on|off, not maybe", "parley:video c-1 maybe");
    }

    @Test
    void joinMakesAConferenceOfTwoCallsAndSplitTakesOneOut() throws Exception {
        FixedCall first = new FixedCall("c-1", MediaStatistics.NONE);
        FixedCall second = new FixedCall("d-2", MediaStatistics.NONE);
        services.register(Telephony.class, new FixedTelephony(List.of(first, second)), ServiceProperties.ACCOUNT_ID,
                "work", ServiceProperties.CAPABILITY, "telephony");

        assertEquals("conference of c-1 with [d-2]", console.run("parley:join c- d-"));
        assertEquals(Set.of(second.id()), first.conference());
        assertEquals("split c- from its conference", console.run("parley:split c-"));
        assertEquals(Set.of(), first.conference());
        console.assertFails("no call x-9", "parley:join c-1 x-9");
        assertEquals(Set.of(), first.conference(), "nothing joined when the other call is unknown");
    }

    @Test
    void recordStartsAndStopsTheCallsRecording() throws Exception {
        FixedCall call = new FixedCall("c-1", MediaStatistics.NONE);
        services.register(Telephony.class, new FixedTelephony(List.of(call)), ServiceProperties.ACCOUNT_ID, "work",
                ServiceProperties.CAPABILITY, "telephony");
        Path file = directory.resolve("call.wav");

        assertEquals("recording c-1 to " + file, console.run("parley:record c-1 " + file));
        assertEquals(Optional.of(file), call.recording());
        assertEquals("recorded c-1 to " + file, console.run("parley:record c-1 stop"));
        assertEquals(Optional.empty(), call.recording());
        assertEquals("not recording c-1", console.run("parley:record c-1 stop"));
    }

    @Test
    void callsSayHowEachCallsMediaIsSecured() throws Exception {
        FixedCall secured = new FixedCall("c-1", MediaStatistics.NONE,
                new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES, "AES_CM_128_HMAC_SHA1_80"));
        FixedCall plain = new FixedCall("d-2", MediaStatistics.NONE);
        services.register(Telephony.class, new FixedTelephony(List.of(secured, plain)),
                ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "telephony");

        List<String> lines = console.run("parley:calls").lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("SECURITY"), lines.get(0));
        assertTrue(lines.get(1).startsWith("c-1") && lines.get(1).endsWith("srtp sdes AES_CM_128_HMAC_SHA1_80"), lines.get(1));
        assertTrue(lines.get(2).startsWith("d-2") && lines.get(2).endsWith("none"), lines.get(2));
    }

    /** The telephony of one account with a fixed list of calls. */
    private record FixedTelephony(List<Call> calls) implements Telephony {
        @Override
        public Call call(Address peer) {
            throw new UnsupportedOperationException("the test places no calls");
        }
    }

    /** A connected call with fixed figures that remembers the recording it was asked for. */
    private static final class FixedCall implements Call {
        private final CallId id;
        private final MediaStatistics statistics;
        private final MediaSecurity security;
        private volatile Optional<Path> recording = Optional.empty();
        private volatile Set<CallId> conference = Set.of();
        private volatile MediaDirection video = MediaDirection.INACTIVE;

        FixedCall(String id, MediaStatistics statistics) {
            this(id, statistics, new MediaSecurity.Unsecured());
        }

        FixedCall(String id, MediaStatistics statistics, MediaSecurity security) {
            this.id = new CallId(id);
            this.statistics = statistics;
            this.security = security;
        }

        @Override
        public CallId id() {
            return id;
        }

        @Override
        public AccountId account() {
            return new AccountId("work");
        }

        @Override
        public Address peer() {
            return new Address("sip:bob@example.org");
        }

        @Override
        public CallDirection direction() {
            return CallDirection.OUTGOING;
        }

        @Override
        public CallState state() {
            return CallState.CONNECTED;
        }

        @Override
        public void setVideo(boolean on) {
            video = on ? MediaDirection.SEND_RECEIVE : MediaDirection.INACTIVE;
        }

        @Override
        public MediaDirection video() {
            return video;
        }

        @Override
        public Optional<VideoStatistics> videoStatistics() {
            return video == MediaDirection.INACTIVE ? Optional.empty()
                    : Optional.of(new VideoStatistics(Optional.of(new RtpFormat(Codec.VP8, 100)), 150, 140, 2, 410,
                            380, 3, 1, 640, 480));
        }

        @Override
        public MediaStatistics statistics() {
            return statistics;
        }

        @Override
        public MediaSecurity security() {
            return security;
        }

        @Override
        public void setSasVerified(boolean verified) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startRecording(Path wav) {
            recording = Optional.of(wav);
        }

        @Override
        public void stopRecording() {
            recording = Optional.empty();
        }

        @Override
        public Optional<Path> recording() {
            return recording;
        }

        @Override
        public void joinConference(Call other) {
            conference = Set.of(other.id());
        }

        @Override
        public void leaveConference() {
            conference = Set.of();
        }

        @Override
        public Set<CallId> conference() {
            return conference;
        }

        @Override
        public void answer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reject(boolean busy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void hangUp() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setOnHold(boolean onHold) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setMuted(boolean muted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendDtmf(String digits) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void transfer(Address target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void transfer(Call other) {
            throw new UnsupportedOperationException();
        }
    }
}
