package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.audio.Tones;
import org.parley.testkit.baresip.Baresip;
import org.parley.testkit.network.Ports;
import org.parley.testkit.sipp.Sipp;

/**
 * Serverless Parley accounts on loopback for one test, each with its own port, call events and
 * SIP trace (named after the test), and SIPp scenarios or baresip of the test kit as their far
 * ends. A JUnit extension: {@code @RegisterExtension final LoopbackCalls loopback = new LoopbackCalls(WORK);}
 * learns the test's name before it runs and removes its accounts after.
 */
final class LoopbackCalls implements BeforeEachCallback, AfterEachCallback {

    static final Duration SIPP_DONE = Duration.ofSeconds(40);
    static final Duration AWAIT = Duration.ofSeconds(15);
    private static final AtomicInteger TESTS = new AtomicInteger();

    private final AccountFixture accounts = new AccountFixture();
    private final Map<String, CallEvents> events = new HashMap<>();
    private final Path work;
    private String testName = "unnamed";
    private final int testNumber = TESTS.incrementAndGet();

    /** @param work where the test's traces, recordings and far ends' files go */
    LoopbackCalls(Path work) {
        this.work = work;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testName = context.getRequiredTestMethod().getName();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        events.values().forEach(CallEvents::close);
        accounts.close();
    }

    /**
     * A serverless account on loopback (no registration) with a tone as its microphone, its
     * call events recorded; returns its Telephony once it answers on its port. Each test has
     * accounts of its own ({@code alice-<n>}): those of the test before may still be going away.
     */
    Telephony account(String name, Map<String, String> extra) throws Exception {
        String id = accountId(name);
        events(name);
        Map<String, String> settings = new HashMap<>(Map.of("register", "false", "localAddress", "127.0.0.1",
                "keepAliveInterval", "0", "audioSource", "tone:1000", "audioSink", "discard", "sipTrace", "true",
                "sipTraceFile", traceFile(name).toString()));
        settings.putAll(extra);
        Files.deleteIfExists(traceFile(name)); // the trace of this test's run only, not of earlier runs
        // a port of the test's, and nothing else takes a port until the account listens on it
        settings.putIfAbsent("localPort", String.valueOf(freePort()));
        accounts.create(id, "sip:" + name + "@127.0.0.1", null, settings);
        Account account = accounts.account(id);
        int port = Integer.parseInt(settings.get("localPort"));
        await(() -> answersOptions(port), () -> id + " answers OPTIONS on " + port + "; account state: "
                + account.registrationState());
        return telephony(name);
    }

    /** Stores the password the account uses with its TURN server (after {@link #account} made it). */
    void storeTurnPassword(String name, String password) throws InterruptedException {
        accounts.service(CredentialStore.class).storeTurnPassword(new AccountId(accountId(name)), password.toCharArray());
    }

    String accountId(String name) {
        return name + "-" + testNumber;
    }

    Telephony telephony(String name) throws Exception {
        return accounts.telephony(accountId(name));
    }

    CallEvents events(String name) {
        return events.computeIfAbsent(name, key -> new CallEvents(accounts.context, accountId(key)));
    }

    /** The next incoming call of the account, as its Telephony lists it. */
    Call incomingAt(String name) throws Exception {
        CallEvent.Started started = events(name).await(CallEvent.Started.class,
                e -> e.direction() == CallDirection.INCOMING, "an incoming call");
        return telephony(name).calls().stream().filter(call -> call.id().equals(started.call())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " does not list its incoming call"));
    }

    /**
     * Alice hangs up her call with bob; both see the end, alice's recording ({@code at-alice.wav}) holds
     * bob's 440 Hz and bob's ({@code at-bob.wav}) alice's 1000 Hz.
     */
    void hangUpAndCheckTones(Call call) throws Exception {
        call.hangUp();
        events("alice").await(CallEvent.Ended.class, e -> true, "alice's end");
        events("bob").await(CallEvent.Ended.class, e -> true, "bob's end");
        assertTrue(Tones.dominance(Tones.read(file("at-alice.wav")), 440) > 20, "alice hears bob");
        assertTrue(Tones.dominance(Tones.read(file("at-bob.wav")), 1000) > 20, "bob hears alice");
    }

    /** How often {@code what} stands in {@code text}. */
    static int occurrences(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    /** A baresip far end whose files go to this test's own directory. */
    Baresip.Builder baresip() {
        return Baresip.in(work.resolve("baresip").resolve(testName));
    }

    Sipp.Builder sipp(String scenario) {
        return Sipp.scenario(scenario).workDir(work.resolve("sipp")).timeout(SIPP_DONE);
    }

    static void assertSucceeded(Sipp sipp) throws InterruptedException {
        Sipp.Result result = sipp.await(SIPP_DONE);
        assertTrue(result.succeeded(), result.toString());
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AWAIT.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        return Ports.freeUdpPort();
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


    /** What the account {@code name} sent and received so far, from its SIP trace. */
    String trace(String name) throws IOException {
        return Files.readString(traceFile(name));
    }

    /** A file of this test's own in the work directory, e.g. {@code file("at-bob.wav")}. */
    Path file(String name) {
        return work.resolve(testName + "-" + name);
    }

    private Path traceFile(String name) {
        return work.resolve("trace-" + testName + "-" + name + ".log");
    }
}
