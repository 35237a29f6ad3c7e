package org.parley.core.contacts;

import java.util.Objects;

import org.parley.core.account.AccountId;

/** A change to one account's contact list. Delivered to {@link ContactListener} services. */
public sealed interface ContactEvent {

    /** The account whose list changed. */
    AccountId account();

    /** The contact concerned (for a removal, as it was). */
    Contact contact();

    /** {@code contact} joined the list. */
    record Added(AccountId account, Contact contact) implements ContactEvent {
        public Added {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(contact, "contact");
        }
    }

    /** The contact with this address got another name or other groups. */
    record Changed(AccountId account, Contact contact) implements ContactEvent {
        public Changed {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(contact, "contact");
        }
    }

    /** {@code contact} left the list. */
    record Removed(AccountId account, Contact contact) implements ContactEvent {
        public Removed {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(contact, "contact");
        }
    }
}
