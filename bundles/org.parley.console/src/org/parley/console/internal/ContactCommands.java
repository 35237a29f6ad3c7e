package org.parley.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;

/**
 * Console commands over the {@link Contacts}: list an account's contacts, add or change one,
 * remove one. They fail with a clear message while no Contacts service is registered.
 */
@Component(service = ContactCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=contacts",
        "osgi.command.function=contact" })
public final class ContactCommands {

    private volatile Contacts contacts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setContacts(Contacts contacts) {
        this.contacts = contacts;
    }

    void unsetContacts(Contacts contacts) {
        if (this.contacts == contacts) {
            this.contacts = null;
        }
    }

    @Descriptor("lists an account's contacts: contacts <account>")
    public String contacts(String account) {
        List<List<String>> rows = new ArrayList<>();
        for (Contact contact : service().list(new AccountId(account))) {
            rows.add(List.of(contact.displayName(), contact.address().uri(), String.join(",", contact.groups())));
        }
        return Table.render(List.of("NAME", "ADDRESS", "GROUPS"), rows, "no contacts");
    }

    @Descriptor("contact add <account> <address> [name] [group,group...] | contact remove <account> <address>")
    public String contact(String action, String... args) {
        return switch (action) {
            case "add" -> add(args);
            case "remove" -> remove(args);
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use add or remove");
        };
    }

    private String add(String... args) {
        if (args.length < 2 || args.length > 4) {
            throw new IllegalArgumentException("usage: contact add <account> <address> [name] [group,group...]");
        }
        Address address = Address.parse(args[1], "sip");
        String name = args.length > 2 ? args[2] : "";
        Set<String> groups = args.length > 3 ? Arrays.stream(args[3].split(",")).collect(Collectors.toSet()) : Set.of();
        service().put(new AccountId(args[0]), Contact.of(address, name, groups));
        return "contact " + address.uri() + " stored";
    }

    private String remove(String... args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: contact remove <account> <address>");
        }
        Address address = Address.parse(args[1], "sip");
        if (!service().remove(new AccountId(args[0]), address)) {
            throw new IllegalArgumentException("no contact " + address.uri() + " in " + args[0] + "'s list");
        }
        return "contact " + address.uri() + " removed";
    }

    private Contacts service() {
        Contacts current = contacts;
        if (current == null) {
            throw new IllegalStateException("no contacts: the contacts bundle (org.parley.contacts) is not running");
        }
        return current;
    }
}
