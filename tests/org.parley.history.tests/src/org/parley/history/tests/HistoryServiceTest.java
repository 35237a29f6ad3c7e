package org.parley.history.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;
import org.parley.core.history.HistoryEntry.CallOutcome;
import org.parley.core.history.HistoryEntry.CallRecord;
import org.parley.core.history.HistoryEntry.MessageRecord;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.MessageListener;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;

/**
 * Runs inside OSGi: the history bundle's component hears call and message events on the
 * whiteboard, offers the {@link History} capability, leaves with its bundle and comes back with the
 * same data, and stays away (without touching the file) when its database cannot be used.
 */
class HistoryServiceTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final AccountId ACCOUNT = new AccountId("svc-" + UUID.randomUUID().toString().substring(0, 8));
    private static final Address PEER = new Address("sip:dave@127.0.0.1:5070");

    private final BundleContext context = FrameworkUtil.getBundle(HistoryServiceTest.class).getBundleContext();
    private ServiceTracker<History, History> histories;

    @TempDir
    Path directory;

    @BeforeEach
    void track() throws Exception {
        historyBundle().start();
        histories = new ServiceTracker<>(context, History.class, null);
        histories.open();
    }

    @AfterEach
    void untrack() throws Exception {
        histories.close();
        Configuration configuration = configurationAdmin().getConfiguration("org.parley.history", "?");
        configuration.delete();
        historyBundle().start();
    }

    @Test
    void eventsOnTheWhiteboardBecomeHistoryThatSurvivesABundleRestart() throws Exception {
        History history = awaitHistory();
        ServiceReference<History> reference = histories.getServiceReference();
        assertEquals("history", reference.getProperty(ServiceProperties.CAPABILITY));
        assertNull(reference.getProperty(ServiceProperties.ACCOUNT_ID), "one history for all accounts");

        Instant t0 = Instant.now();
        MessageId sent = new MessageId(UUID.randomUUID().toString());
        message(new MessageEvent.Sent(ACCOUNT, PEER, sent, "lunch at noon? 🍜", t0));
        message(new MessageEvent.DeliveryChanged(ACCOUNT, PEER, sent, new DeliveryState.Delivered(), t0.plusMillis(5)));
        message(new MessageEvent.DeliveryChanged(ACCOUNT, PEER, new MessageId("never-sent"),
                new DeliveryState.Delivered(), t0.plusMillis(6)));
        message(new MessageEvent.Received(ACCOUNT, PEER, new MessageId(UUID.randomUUID().toString()), "sure",
                t0.plusMillis(10)));
        message(new MessageEvent.Composing(ACCOUNT, PEER, true, t0.plusMillis(11)));
        CallId call = new CallId(UUID.randomUUID().toString());
        call(new CallEvent.Started(ACCOUNT, call, PEER, CallDirection.INCOMING, t0.plusMillis(20)));
        call(new CallEvent.StateChanged(ACCOUNT, call, PEER, CallState.INCOMING, CallState.CONNECTED,
                t0.plusMillis(1020)));
        call(new CallEvent.Ended(ACCOUNT, call, PEER, CallEvent.EndReason.REMOTE_HANGUP, "", t0.plusMillis(3020)));
        call(new CallEvent.Ended(ACCOUNT, new CallId("unknown"), PEER, CallEvent.EndReason.FAILED, "", t0));

        List<HistoryEntry> before = history.conversation(ACCOUNT, PEER, 10);
        assertEquals(3, before.size(), before.toString());
        assertEquals(new DeliveryState.Delivered(), ((MessageRecord) before.get(0)).delivery());
        assertEquals("sure", ((MessageRecord) before.get(1)).text());
        assertEquals(CallOutcome.ANSWERED, ((CallRecord) before.get(2)).outcome());
        assertEquals(2, ((CallRecord) before.get(2)).duration().toSeconds());
        assertEquals(1, history.search("lunch", 10).size());

        historyBundle().stop();
        assertNull(histories.getService(), "no History service while org.parley.history is stopped");
        assertEquals(0, listeners(MessageListener.class).size(), "and no history listener");

        historyBundle().start();
        History again = awaitHistory();
        assertEquals(before, again.conversation(ACCOUNT, PEER, 10), "the same history after the restart");
        assertEquals(1, again.search("🍜", 10).size());

        Path export = directory.resolve("dave.md");
        assertEquals(3, again.export(new org.parley.core.history.Conversation(ACCOUNT, PEER), export));
        assertTrue(Files.readString(export).contains("lunch at noon? 🍜"));

        again.deleteConversation(ACCOUNT, PEER);
        assertEquals(List.of(), again.conversation(ACCOUNT, PEER, 10));
        assertEquals(List.of(), again.search("lunch", 10));
    }

    @Test
    void aDatabaseThatCannotBeUsedKeepsTheServiceAwayAndTheFileUntouched() throws Exception {
        awaitHistory();
        Path corrupt = directory.resolve("corrupt.db");
        byte[] content = "SQLite format 3\0 but the rest is nonsense ".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(corrupt, content);

        Configuration configuration = configurationAdmin().getConfiguration("org.parley.history", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("databaseFile", corrupt.toString());
        configuration.update(properties);

        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (histories.getService() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // SCR reactivates asynchronously: give a wrong service time to appear
        assertNull(histories.getService(), "no History service over a database that cannot be used");
        assertArrayEquals(content, Files.readAllBytes(corrupt), "the file is not overwritten");
        assertEquals(Bundle.ACTIVE, historyBundle().getState(), "the bundle itself keeps running");

        configuration.delete();
        assertNotNull(histories.waitForService(TIMEOUT_MS), "History comes back with a usable database");
    }

    private History awaitHistory() throws InterruptedException {
        History history = histories.waitForService(TIMEOUT_MS);
        assertNotNull(history, "the History service is registered");
        return history;
    }

    private void message(MessageEvent event) throws Exception {
        List<MessageListener> listeners = listeners(MessageListener.class);
        assertEquals(1, listeners.size(), "the history listens for messages");
        listeners.forEach(listener -> listener.messageChanged(event));
    }

    private void call(CallEvent event) throws Exception {
        List<CallListener> listeners = listeners(CallListener.class);
        assertEquals(1, listeners.size(), "the history listens for calls");
        listeners.forEach(listener -> listener.callChanged(event));
    }

    /** The whiteboard listeners the history bundle registered, as a provider would find them. */
    private <T> List<T> listeners(Class<T> type) throws Exception {
        return context.getServiceReferences(type, "(" + ServiceProperties.CAPABILITY + "=history)").stream()
                .map(context::getService).toList();
    }

    private ConfigurationAdmin configurationAdmin() throws InterruptedException {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker = new ServiceTracker<>(context,
                ConfigurationAdmin.class, null);
        tracker.open();
        ConfigurationAdmin admin = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(admin, "ConfigurationAdmin is running");
        return admin;
    }

    private Bundle historyBundle() {
        return Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.history"))
                .findFirst().orElseThrow(() -> new AssertionError("org.parley.history is installed"));
    }
}
