package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.testkit.accounts.AccountFixture.registered;
import static org.parley.testkit.accounts.AccountFixture.unregistered;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.parley.core.account.Account;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * SIP registration against a real Kamailio started by the test on loopback: digest
 * authentication, wrong passwords, refresh, unregistering, unreachable servers, TCP, and the SIP
 * bundle being stopped and started while an account exists.
 */
class RegistrationTest {

    private static final Path WORK = AccountFixture.WORK;
    private AccountFixture accounts;

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-registration",
            Map.of("alice", "alice-secret", "bob", "bob-secret", "carol", "carol-secret"));

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
    }

    @AfterEach
    void removeAccounts() throws Exception {
        accounts.close();
    }

    private Map<String, String> udp() {
        return Map.of("registrar", kamailio.host() + ":" + kamailio.udpPort(), "transport", "UDP",
                "registrationExpiry", "120");
    }

    @Test
    void registersWithDigestAuthentication() throws Exception {
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", udp());
        RegistrationEvent event = accounts.await("alice", AccountFixture::registered, "registered");
        Instant expires = ((RegistrationState.Registered) event.current()).expires();
        assertTrue(expires.isAfter(Instant.now().plusSeconds(60)), "the binding lasts about 120 s: " + expires);
        assertInstanceOf(RegistrationState.Registered.class, accounts.account("alice").registrationState());
    }

    @Test
    void aWrongPasswordFailsAfterOneChallengeAndIsNotRetried() throws Exception {
        Path trace = WORK.resolve("wrong-password-trace.log");
        Files.deleteIfExists(trace);
        accounts.create("bob", kamailio.sipUri("bob"), "not-bobs-password",
                Map.of("registrar", kamailio.host() + ":" + kamailio.udpPort(), "sipTrace", "true",
                        "sipTraceFile", trace.toString()));
        RegistrationEvent event = accounts.await("bob",
                state -> state instanceof RegistrationState.Failed, "failed");
        RegistrationState.Failed failed = (RegistrationState.Failed) event.current();
        assertEquals(FailureReason.WRONG_CREDENTIALS, failed.reason(), failed.detail());
        assertTrue(failed.retryAt().isEmpty(), "no retry is planned with a wrong password");

        List<RegistrationEvent> later = accounts.eventsWithin("bob", Duration.ofSeconds(3));
        assertTrue(later.isEmpty(), "nothing more happens: " + later);
        long registersSent = Files.readAllLines(trace).stream().filter(line -> line.startsWith("REGISTER "))
                .count();
        assertEquals(2, registersSent, "one REGISTER, one answer to the challenge, no loop");
    }

    @Test
    void noStoredPasswordIsReportedAsMisconfigured() throws Exception {
        accounts.create("carol", kamailio.sipUri("carol"), null, udp());
        RegistrationEvent event = accounts.await("carol",
                state -> state instanceof RegistrationState.Failed, "failed");
        RegistrationState.Failed failed = (RegistrationState.Failed) event.current();
        assertEquals(FailureReason.MISCONFIGURED, failed.reason(), failed.detail());
        assertTrue(failed.detail().contains("password"), failed.detail());
    }

    @Test
    void registeringAgainRefreshesTheBinding() throws Exception {
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", udp());
        Instant first = ((RegistrationState.Registered) accounts.await("alice", AccountFixture::registered,
                "registered").current()).expires();
        Thread.sleep(1100);
        accounts.account("alice").register();
        Instant second = ((RegistrationState.Registered) accounts.await("alice", AccountFixture::registered,
                "registered again").current()).expires();
        assertTrue(second.isAfter(first), "the refreshed binding expires later: " + first + " -> " + second);
    }

    @Test
    void unregisteringEndsTheBindingAndRemovingTheAccountToo() throws Exception {
        Path trace = WORK.resolve("unregister-trace.log");
        Files.deleteIfExists(trace);
        Map<String, String> settings = new java.util.HashMap<>(udp());
        settings.put("sipTrace", "true");
        settings.put("sipTraceFile", trace.toString());
        var configuration = accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", settings);
        accounts.await("alice", AccountFixture::registered, "registered");
        Account alice = accounts.account("alice");

        alice.unregister();
        accounts.await("alice", AccountFixture::unregistered, "unregistered");
        assertInstanceOf(RegistrationState.Unregistered.class, alice.registrationState());
        String lastAnswer = lastMessage(Files.readString(trace), "SIP/2.0 200 OK");
        assertFalse(lastAnswer.contains("Contact:"), "the registrar keeps no binding for alice: " + lastAnswer);

        alice.register();
        accounts.await("alice", AccountFixture::registered, "registered again");
        configuration.delete();
        accounts.await("alice", AccountFixture::unregistered, "unregistered on removal");
        assertFalse(accounts.accountRegistered("alice"), "the Account service is gone with its configuration");
    }

    /** The last traced message that starts with {@code firstLine}. */
    private static String lastMessage(String trace, String firstLine) {
        String[] messages = trace.split("(?m)^--- ");
        for (int i = messages.length - 1; i >= 0; i--) {
            String body = messages[i].substring(messages[i].indexOf('\n') + 1);
            if (body.startsWith(firstLine)) {
                return body;
            }
        }
        throw new AssertionError("no " + firstLine + " in the trace");
    }

    @Test
    void anUnreachableServerIsRetriedWithBackoff() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret",
                Map.of("registrar", "127.0.0.1:" + closedPort, "transport", "TCP"));
        RegistrationEvent event = accounts.await("alice",
                state -> state instanceof RegistrationState.Failed, "failed");
        RegistrationState.Failed failed = (RegistrationState.Failed) event.current();
        assertEquals(FailureReason.UNREACHABLE, failed.reason(), failed.detail());
        assertTrue(failed.retryAt().isPresent(), "a retry is planned");
        Duration wait = Duration.between(Instant.now(), failed.retryAt().get());
        assertTrue(wait.compareTo(Duration.ofSeconds(2)) > 0 && wait.compareTo(Duration.ofSeconds(6)) <= 0,
                "the first retry comes after about 5 s: " + wait);
    }

    @Test
    void theBindingMovesToTheAddressTheRegistrarSawTheRequestsComeFrom() throws Exception {
        Path trace = WORK.resolve("received-trace.log");
        Files.deleteIfExists(trace);
        Map<String, String> settings = new java.util.HashMap<>(udp());
        // listening on every address, the account does not know which one the registrar sees (as behind NAT)
        settings.put("localAddress", "0.0.0.0");
        settings.put("sipTrace", "true");
        settings.put("sipTraceFile", trace.toString());
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", settings);
        accounts.await("alice", AccountFixture::registered, "registered");

        String firstAnswer = firstMessage(Files.readString(trace), "SIP/2.0 200 OK");
        assertTrue(firstAnswer.contains("received=127.0.0.1"), "the registrar says where it saw us: " + firstAnswer);
        String lastAnswer = lastMessage(Files.readString(trace), "SIP/2.0 200 OK");
        assertTrue(lastAnswer.contains("<sip:alice@127.0.0.1:"), "the binding is at 127.0.0.1: " + lastAnswer);
        assertFalse(lastAnswer.contains("0.0.0.0"), "the first binding is gone: " + lastAnswer);
    }

    private static String firstMessage(String trace, String firstLine) {
        for (String message : trace.split("(?m)^--- ")) {
            String body = message.substring(message.indexOf('\n') + 1);
            if (body.startsWith(firstLine)) {
                return body;
            }
        }
        throw new AssertionError("no " + firstLine + " in the trace");
    }

    @Test
    void registersOverTcp() throws Exception {
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret",
                Map.of("registrar", kamailio.host() + ":" + kamailio.tcpPort(), "transport", "TCP"));
        accounts.await("alice", AccountFixture::registered, "registered over TCP");
    }

    @Test
    void stoppingAndStartingTheSipBundleRegistersTheAccountAgain() throws Exception {
        accounts.create("alice", kamailio.sipUri("alice"), "alice-secret", udp());
        accounts.await("alice", AccountFixture::registered, "registered");
        Bundle sip = Arrays.stream(accounts.context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.sip")).findFirst().orElseThrow();

        sip.stop();
        accounts.await("alice", AccountFixture::unregistered, "unregistered when the bundle stops");
        assertFalse(accounts.accountRegistered("alice"), "no Account service while org.parley.sip is stopped");

        accounts.clearEvents();
        sip.start();
        accounts.await("alice", AccountFixture::registered, "registered after the restart");
        assertTrue(accounts.accountRegistered("alice"), "the Account service is back");
    }
}
