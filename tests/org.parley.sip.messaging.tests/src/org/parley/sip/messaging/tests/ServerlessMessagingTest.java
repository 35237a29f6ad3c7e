package org.parley.sip.messaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.Messaging;
import org.parley.sip.messaging.internal.IsComposing;
import org.parley.sip.messaging.internal.Outbox;
import org.parley.testkit.accounts.AccountFixture;

/**
 * Messaging on serverless accounts ({@code register=false} on 127.0.0.1), with no server between
 * the parties: a peer the test plays ({@link SipPeer}, whose answers the test chooses: none, 200,
 * 413) or a second serverless account. Covers what needs control over the far end's answers:
 * a refused (413) message stays failed with the reason and is delivered when resent; a message on
 * its way when messaging stops is failed as interrupted after the start and can be resent; typing
 * signalled over and over sends one active notice and, after the idle timeout, one idle notice
 * (RFC 3994); and two serverless accounts exchange messages and typing notices both ways.
 */
class ServerlessMessagingTest {

    private static final long WAIT = AccountFixture.TIMEOUT.toMillis();

    private AccountFixture accounts;
    private SipPeer peer;
    private String testName;
    private MessageEvents events;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        testName = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        accounts = new AccountFixture();
        events = new MessageEvents(accounts.context, WAIT);
        peer = new SipPeer();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        events.close();
        accounts.close();
    }

    @Test
    void aMessageThePeerRefusesWith413FailsWithTheReasonIsKeptAndIsDeliveredWhenResent() throws Exception {
        Messaging solo = createServerless("solo", 0);
        Address dave = new Address(peer.uri("dave"));

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> solo.send(dave, "ä".repeat(20_000)));
        assertTrue(tooLong.getMessage().contains("32768 bytes") && tooLong.getMessage().contains("40000"),
                "the reason names the limit and the size: " + tooLong.getMessage());

        peer.answer(SipPeer.Answer.TOO_LARGE);
        String text = "a long story, ".repeat(60);
        MessageId id = solo.send(dave, text);
        assertEquals(id, events.next("solo", MessageEvent.Sent.class, e -> true).message(),
                "the refused text of before was never stored nor announced");
        DeliveryState.Failed failed = assertInstanceOf(DeliveryState.Failed.class, events.next("solo",
                MessageEvent.DeliveryChanged.class, e -> e.message().equals(id) && !MessageEvents.sending(e)).state());
        assertEquals("413 Request Entity Too Large", failed.reason());
        Outbox.Entry kept = Outbox.open(outboxFile("solo")).get(id)
                .orElseThrow(() -> new AssertionError("the refused message is still in the outbox"));
        assertEquals(text, kept.text());
        assertEquals(failed, kept.state());

        peer.answer(SipPeer.Answer.OK);
        solo.resend(id);
        events.assertDelivered("solo", id);
        assertTrue(peer.next(r -> !r.isComposing() && r.body().equals(text), WAIT).isPresent(),
                "the peer got the text once more");
        assertTrue(Outbox.open(outboxFile("solo")).get(id).isEmpty(), "delivered: out of the outbox");
    }

    @Test
    void aMessageOnItsWayWhenMessagingStopsIsFailedAsInterruptedAfterTheStartAndCanBeResent() throws Exception {
        Messaging solo = createServerless("solo", 0);
        Address dave = new Address(peer.uri("dave"));
        peer.answer(SipPeer.Answer.SILENT);
        MessageId id = solo.send(dave, "on its way when Parley stopped");
        SipPeer.Received first = peer.next(r -> r.body().equals("on its way when Parley stopped"), WAIT)
                .orElseThrow(() -> new AssertionError("the MESSAGE left (and waits for an answer that does not come)"));

        Bundle bundle = Arrays.stream(accounts.context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.parley.sip.messaging")).findFirst().orElseThrow();
        bundle.stop();
        events.clear();
        bundle.start();

        DeliveryState.Failed failed = assertInstanceOf(DeliveryState.Failed.class, events.next("solo",
                MessageEvent.DeliveryChanged.class, e -> e.message().equals(id)).state(),
                "the message that was sending is failed at the start");
        assertTrue(failed.reason().startsWith("interrupted"), failed.reason());
        assertEquals(failed, Outbox.open(outboxFile("solo")).get(id)
                .orElseThrow(() -> new AssertionError("the interrupted message is in the outbox")).state(), "and stored so");

        // the old transaction still retransmits; its late 200 must not write the stopped bundle's view over the file
        peer.answer(SipPeer.Answer.OK);
        assertTrue(peer.answers(first, WAIT), "a retransmission of the interrupted MESSAGE is answered now");
        Thread.sleep(500); // a bounded grace for the late answer to be (not) written
        assertEquals(failed, Outbox.open(outboxFile("solo")).get(id).orElseThrow(() -> new AssertionError(
                "the stopped bundle's late answer wrote its old view over the outbox")).state(),
                "still failed in the outbox after the late answer");

        messaging("solo").resend(id);
        events.next("solo", MessageEvent.DeliveryChanged.class, e -> e.message().equals(id) && MessageEvents.sending(e));
        events.assertDelivered("solo", id);
    }

    @Test
    void typingSignalledOverAndOverSendsOneActiveNoticeAndOneIdleNoticeAfterTheIdleTimeout() throws Exception {
        Messaging solo = createServerless("solo", 0);
        Address dave = new Address(peer.uri("dave"));
        peer.answer(SipPeer.Answer.OK);

        // a user typing fast: far more signals than notices may go out (the loop is bounded, not timed)
        for (int i = 0; i < 500; i++) {
            solo.setTyping(dave, true);
        }
        long lastSignal = System.nanoTime();
        SipPeer.Received active = peer.next(SipPeer.Received::isComposing, WAIT)
                .orElseThrow(() -> new AssertionError("an active notice arrives"));
        IsComposing.Notice notice = IsComposing.read(active.body().getBytes(StandardCharsets.UTF_8));
        assertTrue(notice.active(), active.body());
        assertTrue(notice.refreshSeconds().orElse(0) >= 60,
                "the active state is refreshed at most every 60 s or more (RFC 3994): " + active.body());

        SipPeer.Received idle = peer.next(SipPeer.Received::isComposing, WAIT)
                .orElseThrow(() -> new AssertionError("an idle notice arrives after the idle timeout (2 s in this build)"));
        assertTrue(System.nanoTime() - lastSignal >= TimeUnit.MILLISECONDS.toNanos(1500),
                "not before the idle timeout");
        assertFalse(IsComposing.read(idle.body().getBytes(StandardCharsets.UTF_8)).active(), idle.body());
        List<SipPeer.Received> more = peer.within(1000);
        assertTrue(more.stream().noneMatch(SipPeer.Received::isComposing), "no other notice: " + more);
    }

    @Test
    void twoServerlessAccountsExchangeMessagesAndTypingNoticesBothWays() throws Exception {
        int alicePort = freePort();
        int bobPort = freePort();
        // alice's address names no port: her messages carry the port she listens on, so replies find her
        Messaging alice = createServerless("lan-alice", alicePort, false);
        Messaging bob = createServerless("lan-bob", bobPort);
        Address bobAddress = new Address("sip:lan-bob@127.0.0.1:" + bobPort);
        Address aliceAddress = new Address("sip:lan-alice@127.0.0.1:" + alicePort);

        alice.setTyping(bobAddress, true);
        assertTrue(events.next("lan-bob", MessageEvent.Composing.class, e -> true).typing(), "bob sees alice typing");
        MessageId hello = alice.send(bobAddress, "Hallo Bob, über das LAN 👋");
        assertFalse(events.next("lan-bob", MessageEvent.Composing.class, e -> true).typing(), "the message ends typing");
        MessageEvent.Received received = events.next("lan-bob", MessageEvent.Received.class, e -> true);
        assertEquals("Hallo Bob, über das LAN 👋", received.text());
        assertEquals(aliceAddress, received.peer(), "bob sees who wrote, port included");
        events.assertDelivered("lan-alice", hello);

        bob.setTyping(received.peer(), true);
        assertTrue(events.next("lan-alice", MessageEvent.Composing.class, e -> true).typing(), "alice sees bob typing");
        bob.setTyping(received.peer(), false);
        assertFalse(events.next("lan-alice", MessageEvent.Composing.class, e -> true).typing(), "and stopping");
        MessageId answer = bob.send(received.peer(), "Hallo Alice! 🎉");
        events.assertDelivered("lan-bob", answer);
        MessageEvent.Received back = events.next("lan-alice", MessageEvent.Received.class, e -> true);
        assertEquals("Hallo Alice! 🎉", back.text());
        assertEquals(bobAddress, back.peer());
    }

    private Messaging createServerless(String id, int port) throws Exception {
        return createServerless(id, port, port != 0);
    }

    private Messaging createServerless(String id, int port, boolean portInAddress) throws Exception {
        Path trace = AccountFixture.WORK.resolve("messaging").resolve(testName + "-" + id + ".log");
        Files.createDirectories(trace.getParent());
        Files.deleteIfExists(trace);
        Map<String, String> settings = new HashMap<>(Map.of("register", "false", "localAddress", "127.0.0.1",
                "localPort", String.valueOf(port), "keepAliveInterval", "0", "sipTrace", "true",
                "sipTraceFile", trace.toString()));
        accounts.create(id, "sip:" + id + "@127.0.0.1" + (portInAddress ? ":" + port : ""), null, settings);
        return messaging(id);
    }

    private static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }

    /** The outbox file of an account, where the messaging bundle keeps it. */
    private Path outboxFile(String account) {
        Bundle bundle = Arrays.stream(accounts.context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.parley.sip.messaging")).findFirst().orElseThrow();
        return UserDataDirectory.of(bundle.getBundleContext()).resolve("messaging").resolve(account + ".outbox");
    }

    private Messaging messaging(String account) throws Exception {
        ServiceTracker<Messaging, Messaging> tracker = new ServiceTracker<>(accounts.context,
                accounts.context.createFilter("(&(objectClass=" + Messaging.class.getName() + ")("
                        + ServiceProperties.ACCOUNT_ID + "=" + account + "))"), null);
        tracker.open();
        try {
            Messaging service = tracker.waitForService(WAIT);
            assertNotNull(service, "the Messaging of " + account + " appears");
            return service;
        } finally {
            tracker.close();
        }
    }
}
