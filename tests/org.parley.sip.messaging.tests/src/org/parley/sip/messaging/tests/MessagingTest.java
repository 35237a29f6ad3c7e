package org.parley.sip.messaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.Messaging;
import org.parley.sip.extension.SipAccountContext;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * The SIP messaging bundle against a real Kamailio: alice and bob exchange messages both ways,
 * messages to users who are not there fail with the server's reason and can be resent once they
 * are, typing notices go both ways, and the Messaging services follow the bundle.
 */
class MessagingTest {

    private static final long WAIT = AccountFixture.TIMEOUT.toMillis();

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-messaging",
            Map.of("alice", "alice-secret", "bob", "bob-secret", "carol", "carol-secret"));

    private AccountFixture accounts;
    private String testName;
    private MessageEvents events;

    @BeforeEach
    void createAccounts(TestInfo test) throws Exception {
        testName = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        accounts = new AccountFixture();
        events = new MessageEvents(accounts.context, WAIT);
        createRegistered("alice");
        createRegistered("bob");
    }

    @AfterEach
    void removeAll() throws Exception {
        events.close();
        accounts.close();
    }

    @Test
    void aliceAndBobExchangeUtf8MessagesWithEmojiAndBothAreDelivered() throws Exception {
        Messaging alice = messaging("alice");
        Messaging bob = messaging("bob");
        Address bobAddress = new Address(kamailio.sipUri("bob"));
        Address aliceAddress = new Address(kamailio.sipUri("alice"));

        String hello = "Hallo Bob, schöne Grüße 👋🏽 — ça va? 你好";
        MessageId sent = alice.send(bobAddress, hello);
        MessageEvent.Sent sentEvent = events.next("alice", MessageEvent.Sent.class, e -> true);
        assertEquals(sent, sentEvent.message());
        assertEquals(hello, sentEvent.text());
        events.assertDelivered("alice", sent);
        MessageEvent.Received received = events.next("bob", MessageEvent.Received.class, e -> true);
        assertEquals(hello, received.text(), "bob reads exactly what alice typed");
        assertTrue(received.peer().uri().startsWith("sip:alice@"), received.toString());

        String answer = "Danke! 🎉 ".repeat(3) + "x".repeat(1500) + " (long, over RFC 3428's 1300 bytes)";
        MessageId reply = bob.send(aliceAddress, answer);
        events.assertDelivered("bob", reply);
        MessageEvent.Received back = events.next("alice", MessageEvent.Received.class, e -> true);
        assertEquals(answer, back.text());
        assertTrue(back.peer().uri().startsWith("sip:bob@"), back.toString());
    }

    @Test
    void emptyAndOversizedTextsAreRefused() throws Exception {
        Messaging alice = messaging("alice");
        Address bob = new Address(kamailio.sipUri("bob"));
        assertThrows(IllegalArgumentException.class, () -> alice.send(bob, "   "));
        assertThrows(IllegalArgumentException.class, () -> alice.send(bob, "ä".repeat(20_000)));
        assertThrows(IllegalArgumentException.class, () -> alice.resend(new MessageId("no-such-message")));
    }

    @Test
    void aMessageToAUserWhoIsNotThereFailsWithTheReasonAndIsDeliveredWhenResentAfterSheRegisters()
            throws Exception {
        Messaging alice = messaging("alice");
        Address carol = new Address(kamailio.sipUri("carol"));
        MessageId id = alice.send(carol, "Are you there, Carol? ☕");
        MessageEvent.DeliveryChanged failed = events.next("alice", MessageEvent.DeliveryChanged.class,
                e -> e.message().equals(id) && !(e.state() instanceof DeliveryState.Sending));
        DeliveryState.Failed state = assertInstanceOf(DeliveryState.Failed.class, failed.state());
        assertTrue(state.reason().startsWith("480") || state.reason().startsWith("404"),
                "the server's reason: " + state.reason());

        Address nobody = new Address(kamailio.sipUri("nobody"));
        MessageId unknown = alice.send(nobody, "hello?");
        DeliveryState.Failed notFound = assertInstanceOf(DeliveryState.Failed.class,
                events.next("alice", MessageEvent.DeliveryChanged.class,
                        e -> e.message().equals(unknown) && !(e.state() instanceof DeliveryState.Sending)).state());
        assertTrue(notFound.reason().startsWith("404 "), notFound.reason());

        createRegistered("carol");
        alice.resend(id);
        events.next("alice", MessageEvent.DeliveryChanged.class,
                e -> e.message().equals(id) && e.state() instanceof DeliveryState.Sending);
        events.assertDelivered("alice", id);
        assertEquals("Are you there, Carol? ☕", events.next("carol", MessageEvent.Received.class, e -> true).text());
        assertThrows(IllegalArgumentException.class, () -> alice.resend(id), "a delivered message is not resent");
    }

    @Test
    void stoppingTheMessagingBundleRemovesExactlyMessagingAndStartingItBringsItBackWithTheFailedMessages()
            throws Exception {
        Messaging alice = messaging("alice");
        messaging("bob");
        MessageId failed = alice.send(new Address(kamailio.sipUri("carol")), "kept across the restart");
        events.next("alice", MessageEvent.DeliveryChanged.class,
                e -> e.message().equals(failed) && e.state() instanceof DeliveryState.Failed);

        Bundle bundle = Arrays.stream(accounts.context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.parley.sip.messaging")).findFirst().orElseThrow();
        int contexts = accounts.context.getServiceReferences(SipAccountContext.class, null).size();
        int accountServices = accounts.context.getServiceReferences(Account.class, null).size();
        bundle.stop();
        try {
            assertTrue(accounts.context.getServiceReferences(Messaging.class, null).isEmpty(),
                    "no Messaging service while org.parley.sip.messaging is stopped");
            assertEquals(contexts, accounts.context.getServiceReferences(SipAccountContext.class, null).size(),
                    "the SIP accounts stay");
            assertEquals(accountServices, accounts.context.getServiceReferences(Account.class, null).size());
        } finally {
            bundle.start();
        }
        Messaging aliceAgain = messaging("alice");
        messaging("bob");
        List<ServiceReference<Messaging>> references = new ArrayList<>(
                accounts.context.getServiceReferences(Messaging.class, null));
        assertEquals(contexts, references.size(), "one Messaging per SIP account again (with the serverless 'local')");
        for (ServiceReference<Messaging> reference : references) {
            assertEquals("messaging", reference.getProperty(ServiceProperties.CAPABILITY));
        }

        createRegistered("carol");
        aliceAgain.resend(failed);
        events.assertDelivered("alice", failed);
        assertEquals("kept across the restart", events.next("carol", MessageEvent.Received.class, e -> true).text());
    }

    @Test
    void typingNoticesGoBothWaysAndTurnIdleAfterTheIdleTimeout() throws Exception {
        Messaging alice = messaging("alice");
        Messaging bob = messaging("bob");
        Address bobAddress = new Address(kamailio.sipUri("bob"));
        Address aliceAddress = new Address(kamailio.sipUri("alice"));

        alice.setTyping(bobAddress, true);
        assertTrue(events.next("bob", MessageEvent.Composing.class, e -> true).typing(), "bob sees alice typing");
        alice.setTyping(bobAddress, false);
        assertFalse(events.next("bob", MessageEvent.Composing.class, e -> true).typing(), "and stopping");

        bob.setTyping(aliceAddress, true);
        assertTrue(events.next("alice", MessageEvent.Composing.class, e -> true).typing(), "alice sees bob typing");
        // the build sets the idle timeout to 2 s: bob stops typing without saying so
        long start = System.nanoTime();
        assertFalse(events.next("alice", MessageEvent.Composing.class, e -> true).typing(), "idle after the timeout");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1500),
                "not before the idle timeout");

        alice.setTyping(bobAddress, true);
        assertTrue(events.next("bob", MessageEvent.Composing.class, e -> true).typing());
        alice.send(bobAddress, "done typing");
        assertFalse(events.next("bob", MessageEvent.Composing.class, e -> true).typing(),
                "a message means alice stopped typing");
        assertEquals("done typing", events.next("bob", MessageEvent.Received.class, e -> true).text());
    }

    @Test
    void typingSignalledOverAndOverThroughKamailioSendsOneActiveAndOneIdleNotice() throws Exception {
        Messaging alice = messaging("alice");
        messaging("bob");
        Address bobAddress = new Address(kamailio.sipUri("bob"));

        // a user typing fast: far more signals than RFC 3994 allows notices (the loop is bounded, not timed)
        for (int i = 0; i < 500; i++) {
            alice.setTyping(bobAddress, true);
        }
        assertTrue(events.next("bob", MessageEvent.Composing.class, e -> true).typing(), "bob sees alice typing");
        assertFalse(events.next("bob", MessageEvent.Composing.class, e -> true).typing(),
                "idle after the idle timeout (2 s in this build)");

        List<String> notices = sentIsComposingRequests(trace("alice"));
        assertEquals(2, notices.size(), "one active notice and one idle notice left alice: " + notices);
        assertTrue(notices.get(0).contains("<state>active</state>") && notices.get(0).contains("<refresh>"),
                notices.get(0));
        assertTrue(notices.get(1).contains("<state>idle</state>"), notices.get(1));
    }

    @Test
    void bodiesOtherThanTextAreRefusedWith415() throws Exception {
        messaging("bob");
        SipAccountContext alice = context("alice");
        Request request = alice.newRequest(Request.MESSAGE, alice.addressFactory().createURI(kamailio.sipUri("bob")));
        request.setContent("{\"hello\":1}".getBytes(StandardCharsets.UTF_8),
                alice.headerFactory().createContentTypeHeader("application", "json"));
        Response response = alice.send(request).toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(415, response.getStatusCode(), response.toString());

        Request latin1 = alice.newRequest(Request.MESSAGE, alice.addressFactory().createURI(kamailio.sipUri("bob")));
        var type = alice.headerFactory().createContentTypeHeader("text", "plain");
        type.setParameter("charset", "ISO-8859-1");
        latin1.setContent("Grüße".getBytes(StandardCharsets.ISO_8859_1), type);
        assertEquals(200, alice.send(latin1).toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS).getStatusCode());
        assertEquals("Grüße", events.next("bob", MessageEvent.Received.class, e -> true).text(), "the charset is honoured");
    }

    private void createRegistered(String id) throws Exception {
        accounts.createRegistered(id, kamailio.sipUri(id), id + "-secret", kamailio.host() + ":" + kamailio.udpPort(),
                settings(id));
    }

    private Messaging messaging(String account) throws Exception {
        return waitFor(Messaging.class, account);
    }

    private SipAccountContext context(String account) throws Exception {
        return waitFor(SipAccountContext.class, account);
    }

    private <T> T waitFor(Class<T> type, String account) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(accounts.context, accounts.context.createFilter(
                "(&(objectClass=" + type.getName() + ")(" + ServiceProperties.ACCOUNT_ID + "=" + account + "))"),
                null);
        tracker.open();
        try {
            T service = tracker.waitForService(WAIT);
            assertNotNull(service, "the " + type.getSimpleName() + " of " + account + " appears");
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * The is-composing notices a SIP trace shows as sent, each once, in the order they left: one
     * Call-ID is one notice (its retransmissions and its retry with credentials after a 407 keep
     * the Call-ID).
     */
    private static List<String> sentIsComposingRequests(Path trace) throws Exception {
        Map<String, String> byCallId = new java.util.LinkedHashMap<>();
        for (String entry : Files.readString(trace, StandardCharsets.UTF_8).split("(?m)^--- ")) {
            String[] lines = entry.split("\n", 3);
            if (lines.length == 3 && lines[0].contains(" sent ") && lines[1].startsWith("MESSAGE ")
                    && entry.contains("im-iscomposing+xml")) {
                String callId = entry.lines().filter(line -> line.regionMatches(true, 0, "Call-ID:", 0, 8))
                        .findFirst().orElse(entry);
                byCallId.putIfAbsent(callId, entry);
            }
        }
        return new ArrayList<>(byCallId.values());
    }

    private Path trace(String account) {
        return AccountFixture.WORK.resolve("messaging").resolve(testName + "-" + account + ".log");
    }

    /** Settings with a SIP trace per test and account, in {@code WORK/messaging/}. */
    private Map<String, String> settings(String account) throws Exception {
        Path trace = trace(account);
        Files.createDirectories(trace.getParent());
        Files.deleteIfExists(trace);
        return new HashMap<>(Map.of("keepAliveInterval", "0", "sipTrace", "true", "sipTraceFile", trace.toString()));
    }
}
