package org.parley.contacts.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.contacts.internal.FileContacts;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactStoreException;

class ContactStoreTest {

    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId OTHER = new AccountId("work.office");

    @TempDir
    Path directory;

    @Test
    void contactsAreAddedChangedRemovedAndKeptPerAccountInNameOrder() {
        FileContacts contacts = new FileContacts(directory);
        Address bob = new Address("sip:bob@example.org");
        contacts.put(ALICE, Contact.of(bob, "Bob", Set.of("Friends")));
        contacts.put(ALICE, Contact.of(new Address("sip:ann@example.org"), "ann"));
        contacts.put(OTHER, Contact.of(bob, "Robert at work", Set.of("Work")));
        assertEquals(List.of("ann", "Bob"), contacts.list(ALICE).stream().map(Contact::displayName).toList());

        contacts.put(ALICE, Contact.of(bob, "Bob B.", Set.of("Friends", "Family")));
        assertEquals(Optional.of(Contact.of(bob, "Bob B.", Set.of("Family", "Friends"))), contacts.find(ALICE, bob));
        assertTrue(contacts.remove(ALICE, bob));
        assertFalse(contacts.remove(ALICE, bob));
        assertEquals(Optional.empty(), contacts.find(ALICE, bob));
        assertEquals("Robert at work", contacts.find(OTHER, bob).orElseThrow().displayName(), "another account's list is its own");
    }

    @Test
    void whatIsStoredIsReadBackByTheNextStartWithEveryCharacterIntact() {
        Contact tricky = Contact.of(new Address("sip:z%C3%BC@example.org;transport=tcp"),
                "Zoë \"Z\"\tTab, comma 😀", Set.of("a,b", "tab\there", "日本"));
        new FileContacts(directory).put(ALICE, tricky);
        assertEquals(List.of(tricky), new FileContacts(directory).list(ALICE));
    }

    @Test
    void anUnreadableListIsReportedAndNeverWrittenOver() throws Exception {
        FileContacts contacts = new FileContacts(directory);
        contacts.put(ALICE, Contact.of(new Address("sip:bob@example.org"), "Bob"));
        Path file;
        try (var files = Files.list(directory)) {
            file = files.filter(path -> path.toString().endsWith(".contacts")).findFirst().orElseThrow();
        }
        Files.writeString(file, Files.readString(file) + "only one field\n", StandardCharsets.UTF_8);
        byte[] damaged = Files.readAllBytes(file);

        FileContacts next = new FileContacts(directory);
        ContactStoreException refused = assertThrows(ContactStoreException.class, () -> next.list(ALICE));
        assertTrue(refused.getMessage().contains("line 3"), refused.getMessage());
        assertThrows(ContactStoreException.class,
                () -> next.put(ALICE, Contact.of(new Address("sip:carol@example.org"), "Carol")));
        assertArrayEquals(damaged, Files.readAllBytes(file), "the damaged list is left as it was");
    }
}
