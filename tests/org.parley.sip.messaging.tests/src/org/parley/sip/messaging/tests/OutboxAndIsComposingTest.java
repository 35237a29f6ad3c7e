package org.parley.sip.messaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.core.Address;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.sip.messaging.internal.IsComposing;
import org.parley.sip.messaging.internal.Outbox;

/** The outbox file and the is-composing documents, without SIP. */
class OutboxAndIsComposingTest {

    @TempDir
    Path directory;

    @Test
    void theOutboxKeepsUndeliveredMessagesWithTheirTextAndStateAcrossReopening() throws Exception {
        Path file = directory.resolve("messaging").resolve("alice.outbox");
        Outbox outbox = Outbox.open(file);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String text = "Zeile 1\nZeile 2\tmit Tab — 👋🏽 你好";
        outbox.put(new Outbox.Entry(new MessageId("m1"), new Address("sip:bob@example.org"), text, at,
                new DeliveryState.Sending()));
        outbox.put(new Outbox.Entry(new MessageId("m2"), new Address("sip:carol@example.org"), "two", at,
                new DeliveryState.Failed("480 Temporarily Unavailable")));
        outbox.put(new Outbox.Entry(new MessageId("m3"), new Address("sip:dave@example.org"), "three", at,
                new DeliveryState.Sending()));
        outbox.remove(new MessageId("m3"));

        List<Outbox.Entry> read = Outbox.open(file).entries();
        assertEquals(2, read.size(), read.toString());
        assertEquals(new Outbox.Entry(new MessageId("m1"), new Address("sip:bob@example.org"), text, at,
                new DeliveryState.Sending()), read.get(0));
        assertEquals(new DeliveryState.Failed("480 Temporarily Unavailable"), read.get(1).state());
        assertFalse(Files.exists(file.resolveSibling("alice.outbox.tmp")), "no temporary file left");
    }

    @Test
    void aClosedOutboxIgnoresChangesSoALateAnswerCannotWriteOverTheNextStartsFile() throws Exception {
        Path file = directory.resolve("messaging").resolve("bob.outbox");
        Outbox old = Outbox.open(file);
        Outbox.Entry sending = new Outbox.Entry(new MessageId("m1"), new Address("sip:carol@example.org"), "hi",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new DeliveryState.Sending());
        old.put(sending);
        old.close();
        Outbox next = Outbox.open(file);
        next.put(new Outbox.Entry(sending.id(), sending.peer(), sending.text(), sending.at(),
                new DeliveryState.Failed("interrupted")));

        assertTrue(old.closed());
        old.remove(sending.id());
        old.put(new Outbox.Entry(new MessageId("m2"), sending.peer(), "late", sending.at(), new DeliveryState.Sending()));
        List<Outbox.Entry> read = Outbox.open(file).entries();
        assertEquals(1, read.size(), read.toString());
        assertEquals(new DeliveryState.Failed("interrupted"), read.get(0).state(), "the next start's view stays");
    }

    @Test
    void aFileThatIsNoOutboxIsRefused() throws Exception {
        Path file = directory.resolve("other.outbox");
        Files.writeString(file, "something else\n");
        assertThrows(java.io.IOException.class, () -> Outbox.open(file));
        assertEquals("something else\n", Files.readString(file), "left as it was");
    }

    @Test
    void isComposingNoticesAreWrittenAndReadBack() {
        IsComposing.Notice active = IsComposing.read(IsComposing.write(true, 90).getBytes(StandardCharsets.UTF_8));
        assertTrue(active.active());
        assertEquals(OptionalInt.of(90), active.refreshSeconds());
        IsComposing.Notice idle = IsComposing.read(IsComposing.write(false, 90).getBytes(StandardCharsets.UTF_8));
        assertFalse(idle.active());
        assertEquals(OptionalInt.empty(), idle.refreshSeconds());
    }

    @Test
    void isComposingWithADtdOrExternalEntitiesOrTooLargeIsRefused() throws Exception {
        Path secret = directory.resolve("secret.txt");
        Files.writeString(secret, "active");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE isComposing [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>&x;</state></isComposing>";
        assertThrows(IllegalArgumentException.class, () -> IsComposing.read(xxe.getBytes(StandardCharsets.UTF_8)));
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE isComposing [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
                + "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>&b;</state></isComposing>";
        assertThrows(IllegalArgumentException.class, () -> IsComposing.read(bomb.getBytes(StandardCharsets.UTF_8)));
        byte[] large = ("<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>active</state>"
                + " ".repeat(IsComposing.MAX_BYTES) + "</isComposing>").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> IsComposing.read(large));
        assertThrows(IllegalArgumentException.class,
                () -> IsComposing.read("<other><state>active</state></other>".getBytes(StandardCharsets.UTF_8)));
    }
}
