package org.parley.core.contacts;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.parley.core.Address;

/**
 * A person in one of the user's contact lists.
 *
 * @param address     where the contact is reached, e.g. {@code sip:bob@example.org}
 * @param displayName the name the user gave them (may be empty: the address is shown instead)
 * @param groups      the groups the contact is in (none, one or several), sorted
 */
public record Contact(Address address, String displayName, SortedSet<String> groups) {

    public Contact {
        Objects.requireNonNull(address, "address");
        displayName = Objects.requireNonNull(displayName, "displayName").strip();
        TreeSet<String> names = new TreeSet<>();
        for (String group : Objects.requireNonNull(groups, "groups")) {
            String name = Objects.requireNonNull(group, "group").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        groups = Collections.unmodifiableSortedSet(names);
    }

    /** A contact in the given groups. */
    public static Contact of(Address address, String displayName, Set<String> groups) {
        return new Contact(address, displayName, new TreeSet<>(groups));
    }

    /** A contact in no group. */
    public static Contact of(Address address, String displayName) {
        return of(address, displayName, Set.of());
    }
}
