package org.parley.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceStatus;

/**
 * The {@code parley:status} command: shows the user's own presence status per account, or sets
 * it through the account's {@link Presence} service (registered with the account's id and
 * capability {@code presence}).
 */
@Component(service = StatusCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=status" })
public final class StatusCommands {

    private final ServicesByAccount<Presence> presences = new ServicesByAccount<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

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

    @Descriptor("shows the own presence status of every account")
    public String status() {
        Set<String> ids = new TreeSet<>(accounts.keySet());
        ids.addAll(presences.accounts());
        List<List<String>> rows = new ArrayList<>();
        for (String id : ids) {
            Optional<PresenceStatus> own = presences.of(id).map(Presence::ownStatus);
            rows.add(List.of(id,
                    own.map(status -> StatusWords.word(status.availability())).orElse("(no presence)"),
                    own.flatMap(PresenceStatus::note).map(Describe::oneLine).orElse("")));
        }
        return Table.render(List.of("ACCOUNT", "STATUS", "NOTE"), rows, "no accounts");
    }

    @Descriptor("shows one account's own presence status: status <account>")
    public String status(String account) {
        return account + " " + StatusWords.describe(presence(account).ownStatus());
    }

    @Descriptor("sets the own presence status of an account: status <account> <available|away|busy|dnd|offline>"
            + " [note words...]")
    public String status(String account, String word, String... note) {
        Presence presence = presence(account);
        Availability availability = StatusWords.settable(word).orElseThrow(() -> new IllegalArgumentException(
                "unknown status '" + word + "': use " + StatusWords.settableWords()));
        PresenceStatus status = new PresenceStatus(availability, Optional.of(String.join(" ", note)));
        presence.publish(status);
        return account + " " + StatusWords.describe(status);
    }

    private Presence presence(String account) {
        return presences.of(account).orElseThrow(() -> accounts.containsKey(account)
                ? new IllegalStateException("account " + account + " has no presence (is org.parley.sip.presence"
                        + " running?); accounts with presence: " + listed(presences.accounts()))
                : new IllegalArgumentException("no account " + account + "; accounts: " + listed(accounts.keySet())));
    }

    private static String listed(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", new TreeSet<>(ids));
    }
}
