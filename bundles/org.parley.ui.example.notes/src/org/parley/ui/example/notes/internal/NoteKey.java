package org.parley.ui.example.notes.internal;

import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * Whose note it is: a contact's address within one of the user's accounts, the same pair the
 * core API uses for contacts and calls ({@code Contacts.find(account, address)}, {@code Call.account()}
 * and {@code Call.peer()}), so a note written from the contact list is found again during a call.
 *
 * @param account the account the contact belongs to
 * @param contact the contact's address, e.g. {@code sip:bob@example.org}
 */
public record NoteKey(AccountId account, Address contact) {

    public NoteKey {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(contact, "contact");
    }
}
