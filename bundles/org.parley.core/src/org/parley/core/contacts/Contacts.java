package org.parley.core.contacts;

import java.util.List;
import java.util.Optional;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * The contact lists of the user's accounts, kept on this machine and surviving restarts. One
 * service for all accounts. Every change is announced to the {@link ContactListener} services.
 */
public interface Contacts {

    /** The contacts of {@code account}, sorted by display name then address. */
    List<Contact> list(AccountId account);

    /** The contact with {@code address} in {@code account}'s list, if there is one. */
    Optional<Contact> find(AccountId account, Address address);

    /**
     * Adds {@code contact} to {@code account}'s list, or replaces the one with the same address
     * (its name and groups change). Stored before this returns.
     *
     * @throws ContactStoreException if the list cannot be stored (nothing changed then)
     */
    void put(AccountId account, Contact contact);

    /**
     * Removes the contact with {@code address} from {@code account}'s list.
     *
     * @return whether there was one
     * @throws ContactStoreException if the list cannot be stored (nothing changed then)
     */
    boolean remove(AccountId account, Address address);
}
