package org.parley.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceStatus;

/**
 * Console commands over the {@link Contacts}: list contacts with their groups and presence (from
 * the account's {@link Presence}, {@code unknown} when nothing is known), add or change one,
 * remove one. They fail with a clear message while no Contacts service is registered.
 */
@Component(service = ContactCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=contacts",
        "osgi.command.function=contact" })
public final class ContactCommands {

    private static final List<String> HEADER = List.of("NAME", "ADDRESS", "GROUPS", "PRESENCE");

    private volatile Contacts contacts;
    private final ServicesByAccount<Presence> presences = new ServicesByAccount<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ServiceProperties.CAPABILITY + "=presence)")
    void addPresence(Presence presence, Map<String, Object> properties) {
        presences.add(presence, properties);
    }

    void removePresence(Presence presence, Map<String, Object> properties) {
        presences.remove(presence, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccount(Account account) {
        accounts.put(account.id().value(), account);
    }

    void removeAccount(Account account) {
        accounts.remove(account.id().value(), account);
    }

    @Descriptor("lists the contacts of every running account with their groups and presence")
    public String contacts() {
        Contacts service = service();
        Set<String> ids = new TreeSet<>(accounts.keySet());
        ids.addAll(presences.accounts());
        List<List<String>> rows = new ArrayList<>();
        for (String account : ids) {
            for (List<String> row : rows(service, account)) {
                List<String> withAccount = new ArrayList<>(row.size() + 1);
                withAccount.add(account);
                withAccount.addAll(row);
                rows.add(withAccount);
            }
        }
        List<String> header = new ArrayList<>(HEADER);
        header.add(0, "ACCOUNT");
        return Table.render(header, rows, "no contacts");
    }

    @Descriptor("lists an account's contacts with their groups and presence: contacts <account>")
    public String contacts(String account) {
        return Table.render(HEADER, rows(service(), account), "no contacts");
    }

    private List<List<String>> rows(Contacts service, String account) {
        Optional<Presence> presence = presences.of(account);
        List<List<String>> rows = new ArrayList<>();
        for (Contact contact : service.list(new AccountId(account))) {
            Optional<PresenceStatus> status = presence.flatMap(p -> p.statusOf(contact.address()));
            rows.add(List.of(contact.displayName().isEmpty() ? "-" : contact.displayName(), contact.address().uri(),
                    contact.groups().isEmpty() ? "-" : String.join(",", contact.groups()),
                    StatusWords.describe(status)));
        }
        return rows;
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
