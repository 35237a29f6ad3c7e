package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.sipp.Sipp;
import org.parley.testkit.accounts.AccountFixture;

/**
 * Call features against SIPp as the far end (one SIPp per test, scenarios of the test kit), with
 * serverless Parley accounts on loopback calling it directly: reliable provisional responses
 * (PRACK, both ways), early media, DTMF by INFO both ways, redirects, call waiting and re-INVITE
 * glare.
 */
class CallFeaturesTest {

    private static final Path WORK = AccountFixture.WORK.resolve("call-features");
    private static final Duration SIPP_DONE = Duration.ofSeconds(40);
    private static final Duration AWAIT = Duration.ofSeconds(15);

    private AccountFixture accounts;
    private final Map<String, CallEvents> events = new HashMap<>();
    private static final AtomicInteger TESTS = new AtomicInteger();
    private String testName;
    private int testNumber;

    @BeforeEach
    void fixture(TestInfo test) {
        accounts = new AccountFixture();
        testName = test.getTestMethod().orElseThrow().getName();
        testNumber = TESTS.incrementAndGet();
    }

    @AfterEach
    void cleanUp() throws Exception {
        events.values().forEach(CallEvents::close);
        accounts.close();
    }

    @Test
    void aReliable183IsAcknowledgedWithPrackAndTheCallIsEstablished() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (Sipp sipp = sipp("uas-100rel.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            events("alice").awaitState(CallState.EARLY_MEDIA);
            events("alice").awaitState(CallState.CONNECTED);
            call.hangUp();
            assertEquals(EndReason.LOCAL_HANGUP, events("alice").await(CallEvent.Ended.class, e -> true, "the end")
                    .reason());
            assertSucceeded(sipp);
        }
    }

    @Test
    void earlyMediaOfAReliable183FlowsBothWaysBeforeTheAnswer() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (RtpCounter sink = new RtpCounter();
                Sipp sipp = sipp("uas-early-media.xml").key("sink_port", String.valueOf(sink.port())).start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            events("alice").awaitState(CallState.EARLY_MEDIA);
            await(() -> sink.packets() > 25 && call.statistics().packetsReceived() > 25,
                    () -> "RTP both ways during early media: " + sink.packets() + " packets at the 183's address, "
                            + call.statistics());
            assertEquals(CallState.EARLY_MEDIA, call.state(), "the call is not answered yet");
            call.sendDtmf("1"); // SIPp answers once this INFO arrives
            events("alice").awaitState(CallState.CONNECTED);
            call.hangUp();
            events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertSucceeded(sipp);
        }
    }

    @Test
    void aDigitTheFarEndSendsByInfoIsReported() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (Sipp sipp = sipp("uas-sends-dtmf-info.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            events("alice").awaitState(CallState.CONNECTED);
            CallEvent.DtmfReceived digit = events("alice").await(CallEvent.DtmfReceived.class, e -> true,
                    "a DTMF digit");
            assertEquals('5', digit.digit());
            call.hangUp();
            events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertSucceeded(sipp);
        }
    }

    @Test
    void digitsGoByInfoWhenTheFarEndTakesNoTelephoneEvents() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (Sipp sipp = sipp("uas-expects-dtmf-info.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            events("alice").awaitState(CallState.CONNECTED);
            call.sendDtmf("7");
            CallEvent.Ended ended = events("alice").await(CallEvent.Ended.class, e -> true,
                    "the far end hanging up once it had the INFO");
            assertEquals(EndReason.REMOTE_HANGUP, ended.reason(), ended.detail());
            assertSucceeded(sipp);
        }
    }

    @Test
    void aRedirectIsFollowedToTheNewTarget() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (Sipp target = sipp("uas-answer.xml").start();
                Sipp redirector = sipp("uas-redirect.xml").key("target_port", String.valueOf(target.port()))
                        .start()) {
            Call call = alice.call(new Address(redirector.uri("service")));
            events("alice").awaitState(CallState.CONNECTED);
            assertSucceeded(redirector);
            call.hangUp();
            events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertSucceeded(target);
        }
    }

    @Test
    void anInviteThatRequires100relRingsReliablyAndIsAnsweredAfterThePrack() throws Exception {
        int bobPort = freePort();
        localAccount("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = sipp("uac-100rel.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            events("bob").awaitState(CallState.CONNECTED);
            CallEvent.Ended ended = events("bob").await(CallEvent.Ended.class, e -> true, "the caller's BYE");
            assertEquals(EndReason.REMOTE_HANGUP, ended.reason(), ended.detail());
            assertSucceeded(sipp);
        }
    }

    @Test
    void aCallerThatOnlySendsIsAnsweredReceiveOnlyAndGetsNoAudio() throws Exception {
        int bobPort = freePort();
        Telephony bob = localAccount("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = sipp("uac-sendonly.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            events("bob").awaitState(CallState.ON_HOLD);
            Call call = bob.calls().get(0);
            Thread.sleep(1500);
            assertEquals(0, call.statistics().packetsSent(), "bob answered recvonly and keeps quiet: " + call.statistics());
            events("bob").await(CallEvent.Ended.class, e -> true, "the caller's BYE");
            assertSucceeded(sipp);
        }
    }

    @Test
    void anInviteThatRequiresAnUnknownExtensionIsRefusedWith420() throws Exception {
        int bobPort = freePort();
        Telephony bob = localAccount("bob", Map.of("localPort", String.valueOf(bobPort), "autoAnswer", "true"));
        try (Sipp sipp = sipp("uac-unknown-extension.xml").remote("127.0.0.1:" + bobPort).service("bob").start()) {
            assertSucceeded(sipp);
            assertTrue(bob.calls().isEmpty(), "no call came of it: " + bob.calls());
        }
    }

    @Test
    void reinviteGlareIsResolvedByRetryingAfterTheRandomDelay() throws Exception {
        Telephony alice = localAccount("alice", Map.of());
        try (Sipp sipp = sipp("uas-glare.xml").start()) {
            Call call = alice.call(new Address(sipp.uri("service")));
            events("alice").awaitState(CallState.CONNECTED);
            long asked = System.nanoTime();
            call.setOnHold(true);
            CallEvent.StateChanged held = events("alice").await(CallEvent.StateChanged.class,
                    e -> e.current() != CallState.CONNECTED, "the call on hold");
            long millis = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(CallState.ON_HOLD, held.current(), "the far end's re-INVITE was refused, ours retried");
            assertTrue(millis >= 2100 && millis < 10_000,
                    "the caller (owner of the Call-ID) retries after 2.1 to 4 s; took " + millis + " ms");
            call.hangUp();
            events("alice").await(CallEvent.Ended.class, e -> true, "the end");
            assertSucceeded(sipp);
        }
    }

    @Test
    void aSecondCallRingsDuringTheFirstAndIsAnsweredAfterHoldingIt() throws Exception {
        int bobPort = freePort();
        Telephony bob = localAccount("bob", Map.of("localPort", String.valueOf(bobPort)));
        Telephony alice = localAccount("alice", Map.of());
        Telephony carol = localAccount("carol", Map.of());
        Address bobAddress = new Address("sip:bob@127.0.0.1:" + bobPort);

        alice.call(bobAddress);
        Call first = incomingAt("bob");
        first.answer();
        events("alice").awaitState(CallState.CONNECTED);
        events("bob").awaitState(CallState.CONNECTED);

        Call fromCarol = carol.call(bobAddress);
        Call second = incomingAt("bob");
        events("carol").awaitState(CallState.RINGING);
        assertEquals(2, bob.calls().size(), "bob has both calls: " + bob.calls());
        assertEquals(CallState.CONNECTED, first.state());
        assertEquals(CallState.INCOMING, second.state());

        first.setOnHold(true);
        events("alice").awaitState(CallState.ON_HOLD);
        second.answer();
        events("carol").awaitState(CallState.CONNECTED);
        await(() -> second.state() == CallState.CONNECTED && first.state() == CallState.ON_HOLD,
                () -> "bob talks to carol with alice on hold: " + bob.calls());
        assertEquals(List.of(CallState.ON_HOLD, CallState.CONNECTED),
                bob.calls().stream().map(Call::state).toList(), "bob's calls, oldest first");

        fromCarol.hangUp();
        events("carol").await(CallEvent.Ended.class, e -> true, "the end of carol's call");
        first.hangUp();
        assertEquals(EndReason.REMOTE_HANGUP,
                events("alice").await(CallEvent.Ended.class, e -> true, "the end of alice's call").reason());
    }

    @Test
    void aSecondCallDuringTheFirstCanBeRejectedAsBusy() throws Exception {
        int bobPort = freePort();
        Telephony bob = localAccount("bob", Map.of("localPort", String.valueOf(bobPort)));
        Telephony alice = localAccount("alice", Map.of());
        Telephony carol = localAccount("carol", Map.of());
        Address bobAddress = new Address("sip:bob@127.0.0.1:" + bobPort);

        Call toBob = alice.call(bobAddress);
        Call first = incomingAt("bob");
        first.answer();
        events("alice").awaitState(CallState.CONNECTED);

        carol.call(bobAddress);
        Call second = incomingAt("bob");
        events("carol").awaitState(CallState.RINGING);
        second.reject(true);
        CallEvent.Ended ended = events("carol").await(CallEvent.Ended.class, e -> true, "the rejection");
        assertEquals(EndReason.REJECTED, ended.reason());
        assertTrue(ended.detail().startsWith("486"), ended.detail());
        assertEquals(CallState.CONNECTED, toBob.state(), "the first call goes on");
        assertEquals(1, bob.calls().size(), "bob has the first call only: " + bob.calls());
        toBob.hangUp();
        CallEvent.Ended end = events("bob").await(CallEvent.Ended.class, e -> e.call().equals(first.id()),
                "the end of the first call");
        assertEquals(EndReason.REMOTE_HANGUP, end.reason(), end.detail());
    }

    // ---- fixture ---------------------------------------------------------------------------

    /**
     * A serverless account on loopback (no registration) with a tone as its microphone, its
     * call events recorded; returns its Telephony once it answers on its port. Each test has
     * accounts of its own ({@code alice-<n>}): those of the test before may still be going away.
     */
    private Telephony localAccount(String name, Map<String, String> extra) throws Exception {
        String id = accountId(name);
        events(name);
        Map<String, String> settings = new HashMap<>(Map.of("register", "false", "localAddress", "127.0.0.1",
                "keepAliveInterval", "0", "audioSource", "tone:1000", "audioSink", "discard", "sipTrace", "true",
                "sipTraceFile", WORK.resolve("trace-" + testName + "-" + name + ".log").toString()));
        settings.putAll(extra);
        // a port of the test's, and nothing else takes a port until the account listens on it
        settings.putIfAbsent("localPort", String.valueOf(freePort()));
        accounts.create(id, "sip:" + name + "@127.0.0.1", null, settings);
        Account account = accounts.account(id);
        int port = Integer.parseInt(settings.get("localPort"));
        await(() -> answersOptions(port), () -> id + " answers OPTIONS on " + port + "; account state: "
                + account.registrationState());
        return telephony(name);
    }

    private String accountId(String name) {
        return name + "-" + testNumber;
    }

    private Telephony telephony(String name) throws Exception {
        return accounts.telephony(accountId(name));
    }

    private CallEvents events(String name) {
        return events.computeIfAbsent(name, key -> new CallEvents(accounts.context, accountId(key)));
    }

    /** The next incoming call of the account, as its Telephony lists it. */
    private Call incomingAt(String name) throws Exception {
        CallEvent.Started started = events(name).await(CallEvent.Started.class,
                e -> e.direction() == CallDirection.INCOMING, "an incoming call");
        return telephony(name).calls().stream().filter(call -> call.id().equals(started.call())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " does not list its incoming call"));
    }

    private Sipp.Builder sipp(String scenario) {
        return Sipp.scenario(scenario).workDir(WORK.resolve("sipp")).timeout(SIPP_DONE);
    }

    private static void assertSucceeded(Sipp sipp) throws InterruptedException {
        Sipp.Result result = sipp.await(SIPP_DONE);
        assertTrue(result.succeeded(), result.toString());
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AWAIT.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Whether a SIP stack on the loopback port answers an OPTIONS request with 200. */
    private static boolean answersOptions(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(300);
            String branch = "z9hG4bK-probe-" + System.nanoTime();
            byte[] options = ("OPTIONS sip:probe@127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + branch + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=" + branch.hashCode() + "\r\n"
                    + "To: <sip:probe@127.0.0.1:" + port + ">\r\nCall-ID: " + branch + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
        } catch (IOException noAnswer) {
            return false;
        }
    }

    /** A UDP socket on loopback that counts the datagrams it receives (RTP sent to an address we control). */
    private static final class RtpCounter implements AutoCloseable {
        private final DatagramSocket socket;
        private final AtomicInteger packets = new AtomicInteger();
        private final Thread reader;

        RtpCounter() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(200);
            reader = new Thread(this::read, "rtp-counter-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int packets() {
            return packets.get();
        }

        private void read() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    packets.incrementAndGet();
                } catch (SocketTimeoutException quiet) {
                    // look again
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            reader.join(2000);
        }
    }
}
