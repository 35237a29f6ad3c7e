package org.parley.history.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.history.Conversation;
import org.parley.core.history.HistoryEntry;
import org.parley.core.history.HistoryEntry.CallOutcome;
import org.parley.core.history.HistoryEntry.CallRecord;
import org.parley.core.history.HistoryEntry.MessageRecord;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallId;
import org.parley.history.internal.HistoryStore;
import org.parley.history.internal.HistoryStoreException;
import org.parley.history.internal.Schema;
import org.sqlite.SQLiteConfig;

/** The SQLite store on its own: what it keeps, finds, forgets, migrates and refuses. */
class HistoryStoreTest {

    private static final AccountId WORK = new AccountId("work");
    private static final Address BOB = new Address("sip:bob@example.org");
    private static final Address CAROL = new Address("sip:carol@example.org");
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void keepsCallsAndMessagesWithTheirStates() throws Exception {
        try (HistoryStore store = HistoryStore.open(directory.resolve("h.db"))) {
            store.messageSent(WORK, id("m1"), BOB, "Hello Bob", T0);
            store.messageSent(WORK, id("m2"), BOB, "Are you there?", T0.plusSeconds(1));
            store.messageReceived(WORK, id("m3"), BOB, "Yes", T0.plusSeconds(2));
            assertTrue(store.deliveryChanged(WORK, id("m1"), new DeliveryState.Delivered()));
            assertTrue(store.deliveryChanged(WORK, id("m2"), new DeliveryState.Failed("480 Temporarily Unavailable")));
            assertFalse(store.deliveryChanged(WORK, id("unknown"), new DeliveryState.Delivered()),
                    "an event for an unknown message is ignored");
            assertFalse(store.deliveryChanged(WORK, id("m3"), new DeliveryState.Failed("x")),
                    "a received message has no delivery to change");

            store.callStarted(WORK, new CallId("c1"), BOB, CallDirection.OUTGOING, T0.plusSeconds(10));
            assertTrue(store.callConnected(WORK, new CallId("c1"), T0.plusSeconds(12)));
            assertTrue(store.callEnded(WORK, new CallId("c1"), EndReason.LOCAL_HANGUP, "", T0.plusSeconds(75)));
            store.callStarted(WORK, new CallId("c2"), BOB, CallDirection.INCOMING, T0.plusSeconds(100));
            store.callEnded(WORK, new CallId("c2"), EndReason.REMOTE_HANGUP, "487 Request Terminated", T0.plusSeconds(105));
            store.callStarted(WORK, new CallId("c3"), BOB, CallDirection.OUTGOING, T0.plusSeconds(200));
            store.callEnded(WORK, new CallId("c3"), EndReason.REJECTED, "486 Busy Here", T0.plusSeconds(201));
            assertFalse(store.callEnded(WORK, new CallId("unknown"), EndReason.FAILED, "", T0), "unknown call ignored");
            store.callStarted(WORK, new CallId("c4"), BOB, CallDirection.OUTGOING, T0.plusSeconds(300));

            store.messageSent(WORK, id("m9"), CAROL, "not Bob's", T0.plusSeconds(3));

            List<HistoryEntry> bob = store.conversation(WORK, new Address("SIP:bob@Example.org;transport=tcp"), 100);
            assertEquals(6, bob.size(), "three messages and three ended calls (a running call is not history yet): " + bob);
            assertEquals(new MessageRecord(WORK, BOB, id("m1"), true, "Hello Bob", T0, new DeliveryState.Delivered()),
                    bob.get(0));
            assertEquals(new DeliveryState.Failed("480 Temporarily Unavailable"), ((MessageRecord) bob.get(1)).delivery());
            assertEquals(new MessageRecord(WORK, BOB, id("m3"), false, "Yes", T0.plusSeconds(2),
                    new DeliveryState.Delivered()), bob.get(2));
            assertEquals(new CallRecord(WORK, BOB, CallDirection.OUTGOING, T0.plusSeconds(10), Duration.ofSeconds(63),
                    CallOutcome.ANSWERED), bob.get(3));
            assertEquals(CallOutcome.MISSED, ((CallRecord) bob.get(4)).outcome());
            assertEquals(Duration.ZERO, ((CallRecord) bob.get(4)).duration());
            assertEquals(CallOutcome.REJECTED, ((CallRecord) bob.get(5)).outcome());

            List<HistoryEntry> newest = store.conversation(WORK, BOB, 2);
            assertEquals(List.of(bob.get(4), bob.get(5)), newest, "the limit keeps the newest, oldest first");

            store.messageSent(WORK, id("m2"), BOB, "Are you there?", T0.plusSeconds(1));
            assertEquals(new DeliveryState.Sending(),
                    ((MessageRecord) store.conversation(WORK, BOB, 100).get(1)).delivery(), "sending again resets");

            assertEquals(List.of(new Conversation(WORK, BOB), new Conversation(WORK, CAROL)), store.conversations(10));
        }
        try (HistoryStore reopened = HistoryStore.open(directory.resolve("h.db"))) {
            List<HistoryEntry> bob = reopened.conversation(WORK, BOB, 100);
            assertEquals(7, bob.size(), "the call running when the store closed ends as failed: " + bob);
            assertEquals(new CallRecord(WORK, BOB, CallDirection.OUTGOING, T0.plusSeconds(300), Duration.ZERO,
                    CallOutcome.FAILED), bob.get(6));
            assertEquals(new DeliveryState.Failed("interrupted: Parley stopped before an answer came"),
                    ((MessageRecord) bob.get(1)).delivery(), "the message sending when the store closed failed");
            assertEquals(new DeliveryState.Delivered(), ((MessageRecord) bob.get(0)).delivery());
        }
    }

    @Test
    void searchFindsWordsInTheMiddleWithFts5Syntax() throws Exception {
        try (HistoryStore store = HistoryStore.open(directory.resolve("h.db"))) {
            store.messageSent(WORK, id("a"), BOB, "Let us meet at the station tomorrow", T0);
            store.messageReceived(WORK, id("b"), BOB, "Café au lait? 😀 Ja, gern — Grüße", T0.plusSeconds(1));
            store.messageReceived(WORK, id("c"), CAROL, "The meeting moved to Friday", T0.plusSeconds(2));
            store.messageReceived(WORK, id("d"), CAROL, "日本語のメッセージ", T0.plusSeconds(3));

            assertEquals(List.of("a"), ids(store.search("station", 10)), "a word in the middle");
            assertEquals(List.of("c", "a"), ids(store.search("meet*", 10)), "a prefix, newest first");
            assertEquals(List.of("a"), ids(store.search("\"meet at the\"", 10)), "a phrase");
            assertEquals(List.of("c"), ids(store.search("meeting NOT station", 10)), "boolean operators");
            assertEquals(List.of("b"), ids(store.search("cafe", 10)), "diacritics are ignored");
            assertEquals(List.of("b"), ids(store.search("grüße", 10)), "UTF-8 words");
            assertEquals(List.of("b"), ids(store.search("😀", 10)), "an emoji is a word");
            assertEquals("Café au lait? 😀 Ja, gern — Grüße", ((MessageRecord) store.search("gern", 1).get(0)).text(),
                    "the text comes back as it was");
            assertEquals(List.of("d"), ids(store.search("日本語のメッセージ", 10)));
            assertEquals(List.of("c"), ids(store.search("meet*", 1)), "the limit");
            assertEquals(List.of(), store.search("nothing", 10));
            assertEquals(List.of(), store.search("  ", 10));
            IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                    () -> store.search("\"unbalanced", 10));
            assertTrue(invalid.getMessage().startsWith("Not a valid search"), invalid.getMessage());
        }
    }

    @Test
    void searchSortsByTimeNotByStorageOrderThroughItsIndex() throws Exception {
        Path file = directory.resolve("order.db");
        try (HistoryStore store = HistoryStore.open(file)) {
            // stored in an order that is not their time order (e.g. a late delivery)
            store.messageReceived(WORK, id("late"), BOB, "lunch at noon", T0.plusSeconds(50));
            store.messageReceived(WORK, id("early"), BOB, "lunch yesterday", T0);
            store.messageReceived(WORK, id("middle"), CAROL, "lunch later", T0.plusSeconds(20));
            store.messageReceived(WORK, id("tie"), CAROL, "lunch again", T0.plusSeconds(20));
            assertEquals(List.of("late", "tie", "middle", "early"), ids(store.search("lunch", 10)),
                    "newest first, the later stored first at the same time");
            assertEquals(List.of("late", "tie"), ids(store.search("lunch", 2)), "the newest two");
        }
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                java.sql.ResultSet plan = statement.executeQuery("EXPLAIN QUERY PLAN "
                        + HistoryStore.SEARCH.replaceFirst("\\?", "'lunch'").replaceFirst("\\?", "10"))) {
            StringBuilder steps = new StringBuilder();
            while (plan.next()) {
                steps.append(plan.getString("detail")).append('\n');
            }
            assertTrue(steps.toString().contains("COVERING INDEX message_search"), steps.toString());
        }
    }

    @Test
    void deletingAConversationRemovesItsEntriesAndSearchHits() throws Exception {
        try (HistoryStore store = HistoryStore.open(directory.resolve("h.db"))) {
            store.messageSent(WORK, id("a"), BOB, "secret plans", T0);
            store.callStarted(WORK, new CallId("c"), BOB, CallDirection.INCOMING, T0);
            store.callEnded(WORK, new CallId("c"), EndReason.NO_ANSWER, "", T0.plusSeconds(30));
            store.messageReceived(WORK, id("b"), CAROL, "other secret", T0);

            assertEquals(2, store.search("secret", 10).size());
            assertEquals(2, store.deleteConversation(WORK, BOB));
            assertEquals(List.of(), store.conversation(WORK, BOB, 10));
            assertEquals(List.of("b"), ids(store.search("secret", 10)));
            assertEquals(List.of(), store.search("plans", 10));
            assertEquals(List.of(new Conversation(WORK, CAROL)), store.conversations(10));
            assertEquals(0, store.deleteConversation(WORK, BOB), "deleting again is harmless");
        }
    }

    @Test
    void exportWritesReadableMarkdown() throws Exception {
        try (HistoryStore store = HistoryStore.open(directory.resolve("h.db"))) {
            store.messageSent(WORK, id("a"), BOB, "two\nlines", T0);
            store.messageReceived(WORK, id("b"), BOB, "ok 😀", T0.plusSeconds(1));
            store.callStarted(WORK, new CallId("c"), BOB, CallDirection.OUTGOING, T0.plusSeconds(2));
            store.callConnected(WORK, new CallId("c"), T0.plusSeconds(4));
            store.callEnded(WORK, new CallId("c"), EndReason.REMOTE_HANGUP, "", T0.plusSeconds(65));
            store.messageReceived(WORK, id("x"), CAROL, "hi", T0);

            Path one = directory.resolve("out/bob.md");
            assertEquals(3, store.export(new Conversation(WORK, BOB), one, ZoneOffset.UTC));
            String text = Files.readString(one, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("# Parley history\n"), text);
            assertTrue(text.contains("\n## sip:bob@example.org (account work)\n\n"
                    + "- 2026-11-20 10:00:00 sent: two\n  lines _(not confirmed)_\n"
                    + "- 2026-11-20 10:00:01 received: ok 😀\n"
                    + "- 2026-11-20 10:00:02 outgoing call, answered, 0:01:01\n"), text);
            assertFalse(text.contains("carol"), text);

            Path all = directory.resolve("all.md");
            assertEquals(4, store.export(null, all, ZoneOffset.UTC));
            assertTrue(Files.readString(all).contains("## sip:carol@example.org (account work)"));
        }
    }

    @Test
    void migratesFromEmptyAndFromAnOlderVersion() throws Exception {
        Path empty = directory.resolve("v0.db");
        Files.createFile(empty);
        try (HistoryStore store = HistoryStore.open(empty)) {
            store.messageReceived(WORK, id("a"), BOB, "fresh", T0);
            assertEquals(1, store.search("fresh", 10).size());
        }
        assertEquals(Schema.LATEST, userVersion(empty));

        Path old = directory.resolve("v1.db");
        try (HistoryStore store = HistoryStore.open(old, 1)) {
            store.messageReceived(WORK, id("a"), BOB, "written before search existed", T0);
        }
        assertEquals(1, userVersion(old));
        try (HistoryStore store = HistoryStore.open(old)) {
            assertEquals(List.of("a"), ids(store.search("before", 10)), "migration 2 indexes the old messages");
            store.messageReceived(WORK, id("b"), BOB, "written after", T0.plusSeconds(1));
            assertEquals(2, store.conversation(WORK, BOB, 10).size());
        }
        assertEquals(Schema.LATEST, userVersion(old));
    }

    @Test
    void refusesFilesItCannotUseAndLeavesThemAlone() throws Exception {
        Path garbage = directory.resolve("garbage.db");
        Files.write(garbage, "this is not a database at all, just text".repeat(100).getBytes(StandardCharsets.UTF_8));
        assertRefused(garbage, "is not an SQLite database");

        Path newer = directory.resolve("newer.db");
        sql(newer, "PRAGMA user_version = 99");
        assertRefused(newer, "newer than this Parley knows");

        Path foreign = directory.resolve("foreign.db");
        sql(foreign, "CREATE TABLE message (x TEXT)");
        assertRefused(foreign, "is not one Parley made");

        Path damaged = directory.resolve("damaged.db");
        try (HistoryStore store = HistoryStore.open(damaged)) {
            for (int i = 0; i < 200; i++) {
                store.messageReceived(WORK, id("m" + i), BOB, "message number " + i + " ".repeat(200), T0);
            }
        }
        byte[] bytes = Files.readAllBytes(damaged);
        Arrays.fill(bytes, 4096, Math.min(bytes.length, 4096 * 6), (byte) 0x5A);
        Files.write(damaged, bytes);
        assertRefused(damaged, "history database");
    }

    private static void assertRefused(Path file, String reason) throws Exception {
        byte[] before = Files.readAllBytes(file);
        HistoryStoreException refused = assertThrows(HistoryStoreException.class, () -> HistoryStore.open(file));
        assertTrue(refused.getMessage().contains(reason) && refused.getMessage().contains(file.getFileName().toString()),
                refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the refused file is left as it was: " + file);
    }

    private static void sql(Path file, String statement) throws Exception {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static int userVersion(Path file) throws Exception {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + file)) {
            return Schema.version(connection);
        }
    }

    private static MessageId id(String value) {
        return new MessageId(value);
    }

    private static List<String> ids(List<HistoryEntry> entries) {
        return entries.stream().map(entry -> ((MessageRecord) entry).message().value()).toList();
    }
}
