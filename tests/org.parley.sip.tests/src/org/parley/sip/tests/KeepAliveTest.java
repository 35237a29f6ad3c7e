package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;
import org.parley.testkit.kamailio.KamailioServer;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * Keep-alives against a real Kamailio: OPTIONS over UDP that the server answers (none when the
 * interval is 0), CRLF over TCP that keeps the account's connection open past the server's idle
 * timeout (a short {@code tcp_connection_lifetime}), and an account that notices its server is
 * gone through its keep-alives instead of at its next refresh.
 */
class KeepAliveTest {

    /** Kamailio 5.6 closes an idle connection some 9 s after a lifetime of 2 s. */
    private static final Duration TCP_LIFETIME = Duration.ofSeconds(2);
    private static final Path WORK = AccountFixture.WORK;

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-keepalive",
            Map.of("alice", "alice-secret", "bob", "bob-secret"),
            builder -> builder.tcpConnectionLifetime(TCP_LIFETIME));

    private AccountFixture accounts;

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
    }

    @AfterEach
    void removeAccounts() throws Exception {
        accounts.close();
    }

    @Test
    void overUdpTheKeepAlivesAreOptionsTheServerAnswersAndNoneAreSentWhenOff() throws Exception {
        Path aliceTrace = freshTrace("keepalive-udp-alice.log");
        Path bobTrace = freshTrace("keepalive-udp-bob.log");
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", settings("UDP", 1, aliceTrace));
        accounts.create("bob", kamailio.sipUri("bob"), "bob-secret", settings("UDP", 0, bobTrace));
        accounts.await("alice", AccountFixture::registered, "registered");
        Instant bobRegistered = accounts.await("bob", AccountFixture::registered, "registered").at();

        // three OPTIONS of alice answered, all sent after bob registered: bob had three intervals too
        List<Message> alice = awaitTrace(aliceTrace, Duration.ofSeconds(10),
                messages -> answeredOptions(messages, bobRegistered) >= 3, "three answered keep-alive OPTIONS");
        Message options = alice.stream().filter(message -> message.sent() && message.isRequest("OPTIONS"))
                .findFirst().orElseThrow();
        String server = kamailio.host() + ":" + kamailio.udpPort();
        assertTrue(options.body().startsWith("OPTIONS sip:" + server + " SIP/2.0\n"), options.body());
        assertEquals(server, options.remote(), "sent to the registrar's target");
        assertTrue(options.header("From").contains("<" + kamailio.sipUri("alice") + ">"), options.body());
        assertTrue(options.header("To").contains("<" + kamailio.sipUri("alice") + ">"), options.body());
        assertTrue(options.header("Via").contains(";rport"), options.body());
        assertEquals("70", options.header("Max-Forwards"), options.body());
        assertTrue(options.header("User-Agent").startsWith("Parley/"), options.body());

        List<Message> bob = Message.read(bobTrace);
        assertTrue(bob.stream().noneMatch(message -> message.isRequest("OPTIONS")),
                "bob (keepAliveInterval=0) sent no OPTIONS: " + bob);
        assertTrue(bob.stream().filter(Message::sent).allMatch(message -> message.isRequest("REGISTER")),
                "bob sent nothing but REGISTER: " + bob);
    }

    @Test
    void overTcpCrlfKeepsTheConnectionOpenPastTheServersIdleTimeout() throws Exception {
        Path aliceTrace = freshTrace("keepalive-tcp-alice.log");
        Path bobTrace = freshTrace("keepalive-tcp-bob.log");
        // alice's connection is the older one: without keep-alives it would be closed first
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", settings("TCP", 1, aliceTrace));
        accounts.await("alice", AccountFixture::registered, "registered over TCP");
        accounts.create("bob", kamailio.sipUri("bob"), "bob-secret", settings("TCP", 0, bobTrace));
        accounts.await("bob", AccountFixture::registered, "registered over TCP");

        int port = kamailio.tcpPort();
        Connection alices = Connection.atServer(port, sourcePortSeen(aliceTrace)).orElseThrow(
                () -> new AssertionError("alice's connection is open: " + Connection.toServer(port)));
        Connection bobs = Connection.atServer(port, sourcePortSeen(bobTrace)).orElseThrow(
                () -> new AssertionError("bob's connection is open: " + Connection.toServer(port)));
        Instant opened = Instant.now();

        long deadline = System.nanoTime() + TCP_LIFETIME.plusSeconds(20).toNanos();
        while (bobs.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Duration bobsLife = Duration.between(opened, Instant.now());
        assertTrue(!bobs.isOpen(), "Kamailio closes bob's idle connection (no keep-alives) within "
                + TCP_LIFETIME.plusSeconds(20).toSeconds() + " s: " + Connection.toServer(port));
        assertTrue(bobsLife.compareTo(TCP_LIFETIME) >= 0, "closed after its lifetime: " + bobsLife);
        assertTrue(alices.isOpen(), "alice's connection, older than bob's, is still the same one after "
                + bobsLife.toMillis() + " ms thanks to CRLF keep-alives: " + Connection.toServer(port));
        assertTrue(Message.read(aliceTrace).stream().noneMatch(message -> message.isRequest("OPTIONS")),
                "no OPTIONS over TCP");
    }

    @Test
    void overUdpAnUnansweredOptionsMakesTheAccountRegisterAgainAndNoticeADeadServer() throws Exception {
        Path trace = freshTrace("keepalive-udp-dead.log");
        try (KamailioServer server = AccountFixture.startKamailio("kamailio-keepalive-udp-dead",
                Map.of("alice", "alice-secret"))) {
            Map<String, String> settings = settings("UDP", 1, trace);
            settings.put("registrar", server.hostPort("udp"));
            accounts.create("alice", server.sipUri("alice"), "alice-secret", settings);
            accounts.await("alice", AccountFixture::registered, "registered");
            awaitTrace(trace, Duration.ofSeconds(10), messages -> answeredOptions(messages, Instant.MIN) >= 1,
                    "an answered keep-alive OPTIONS");
        }
        Instant stopped = Instant.now();
        // the OPTIONS is given up after 64 x 50 ms, the REGISTER sent then after 32 s (Timer F)
        RegistrationEvent event = accounts.await("alice", state -> state instanceof RegistrationState.Failed,
                "failed", Duration.ofSeconds(50));
        RegistrationState.Failed failed = (RegistrationState.Failed) event.current();
        assertEquals(FailureReason.UNREACHABLE, failed.reason(), failed.detail());
        assertTrue(failed.retryAt().isPresent(), "a retry is planned: " + failed);

        List<Message> messages = Message.read(trace);
        Message silence = messages.stream()
                .filter(message -> message.direction().equals("problem")
                        && message.body().contains("keep-alive OPTIONS") && message.body().contains("unanswered"))
                .findFirst().orElseThrow(() -> new AssertionError("the unanswered OPTIONS is noted: " + messages));
        assertTrue(Duration.between(stopped, silence.time()).compareTo(Duration.ofSeconds(8)) < 0,
                "noticed within a few keep-alive intervals: " + Duration.between(stopped, silence.time()));
        assertTrue(messages.stream().anyMatch(message -> message.sent() && message.isRequest("REGISTER")
                && message.time().isAfter(silence.time().minusMillis(1))), "a REGISTER follows at once");
        assertTrue(messages.stream().noneMatch(message -> message.sent() && message.isRequest("OPTIONS")
                && message.time().isAfter(silence.time())), "no keep-alives while that REGISTER is on its way");
    }

    @Test
    void overTcpAKeepAliveThatCannotBeSentMakesTheAccountNoticeADeadServerAtOnce() throws Exception {
        Path trace = freshTrace("keepalive-tcp-dead.log");
        try (KamailioServer server = AccountFixture.startKamailio("kamailio-keepalive-tcp-dead",
                Map.of("alice", "alice-secret"))) {
            Map<String, String> settings = settings("TCP", 1, trace);
            settings.put("registrar", server.hostPort("tcp"));
            accounts.create("alice", server.sipUri("alice"), "alice-secret", settings);
            accounts.await("alice", AccountFixture::registered, "registered over TCP");
        }
        Instant stopped = Instant.now();
        RegistrationEvent event = accounts.await("alice", state -> state instanceof RegistrationState.Failed,
                "failed");
        RegistrationState.Failed failed = (RegistrationState.Failed) event.current();
        assertEquals(FailureReason.UNREACHABLE, failed.reason(), failed.detail());
        assertTrue(failed.retryAt().isPresent(), "a retry is planned: " + failed);
        assertTrue(Duration.between(stopped, event.at()).compareTo(Duration.ofSeconds(5)) < 0,
                "noticed within a few keep-alive intervals: " + Duration.between(stopped, event.at()));
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> settings(String transport, int keepAliveInterval, Path trace) {
        Map<String, String> settings = new HashMap<>();
        settings.put("registrar", kamailio.host() + ":" + kamailio.udpPort());
        settings.put("transport", transport);
        settings.put("registrationExpiry", "120");
        settings.put("keepAliveInterval", Integer.toString(keepAliveInterval));
        settings.put("sipTrace", "true");
        settings.put("sipTraceFile", trace.toString());
        return settings;
    }

    private static Path freshTrace(String name) throws IOException {
        Files.createDirectories(WORK);
        Path trace = WORK.resolve(name);
        Files.deleteIfExists(trace);
        return trace;
    }

    /** How many OPTIONS sent after {@code since} have a 200 answer in the trace. */
    private static long answeredOptions(List<Message> messages, Instant since) {
        List<String> sent = messages.stream()
                .filter(message -> message.sent() && message.isRequest("OPTIONS") && message.time().isAfter(since))
                .map(message -> message.header("Call-ID") + " " + message.header("CSeq")).toList();
        return messages.stream()
                .filter(message -> !message.sent() && message.body().startsWith("SIP/2.0 200 ")
                        && message.header("CSeq").endsWith("OPTIONS"))
                .map(message -> message.header("Call-ID") + " " + message.header("CSeq"))
                .filter(sent::contains).distinct().count();
    }

    private static List<Message> awaitTrace(Path trace, Duration timeout, Predicate<List<Message>> wanted,
            String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> messages = Message.read(trace);
        while (!wanted.test(messages)) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " in the trace within " + timeout.toSeconds() + " s: " + messages);
            }
            Thread.sleep(100);
            messages = Message.read(trace);
        }
        return messages;
    }

    /** The source port the registrar saw the account's REGISTER come from (rport of its answer). */
    private static int sourcePortSeen(Path trace) throws IOException {
        for (Message message : Message.read(trace)) {
            Matcher rport = Pattern.compile(";rport=(\\d+)").matcher(message.header("Via"));
            if (!message.sent() && message.body().startsWith("SIP/2.0 200 ") && rport.find()) {
                return Integer.parseInt(rport.group(1));
            }
        }
        throw new AssertionError("no answered REGISTER with rport in " + trace);
    }

    /** One message (or noted problem) of an account's SIP trace. */
    record Message(Instant time, String direction, String remote, String body) {

        static List<Message> read(Path trace) throws IOException {
            List<Message> messages = new ArrayList<>();
            if (!Files.exists(trace)) {
                return messages;
            }
            for (String part : Files.readString(trace).split("(?m)^--- ")) {
                int newline = part.indexOf('\n');
                if (part.isBlank() || newline < 0) {
                    continue;
                }
                // <time> <direction> <transport> <local> <arrow> <remote>
                String[] words = part.substring(0, newline).split(" ");
                if (words.length < 6) {
                    continue;
                }
                messages.add(new Message(Instant.parse(words[0]), words[1], words[5], part.substring(newline + 1)));
            }
            return messages;
        }

        boolean sent() {
            return direction.equals("sent");
        }

        boolean isRequest(String method) {
            return body.startsWith(method + " ");
        }

        /** The first value of a header, empty if there is none. */
        String header(String name) {
            for (String line : body.split("\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return "";
        }
    }

    /**
     * A TCP connection as the server's end sees it in {@code /proc/net/tcp} (Kamailio listens on
     * IPv4 loopback): the socket's inode tells a connection from a new one between the same ports.
     */
    record Connection(int serverPort, int clientPort, String inode) {

        private static final Path TABLE = Path.of("/proc/net/tcp");
        private static final String ESTABLISHED = "01";

        /** The established connection from {@code clientPort} at the server's end, if there is one. */
        static Optional<Connection> atServer(int serverPort, int clientPort) {
            return toServer(serverPort).stream().filter(connection -> connection.clientPort == clientPort)
                    .findFirst();
        }

        /** The established connections at the server's end of {@code serverPort}. */
        static List<Connection> toServer(int serverPort) {
            List<Connection> found = new ArrayList<>();
            List<String> lines;
            try {
                lines = Files.readAllLines(TABLE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] fields = line.strip().split("\\s+");
                if (fields.length < 10 || !fields[3].equals(ESTABLISHED)) {
                    continue;
                }
                int local = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                int remote = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                if (local == serverPort) {
                    found.add(new Connection(serverPort, remote, fields[9]));
                }
            }
            return found;
        }

        /** Whether this very connection (same socket) is still established. */
        boolean isOpen() {
            return toServer(serverPort).contains(this);
        }
    }
}
