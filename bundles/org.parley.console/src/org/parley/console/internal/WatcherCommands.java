package org.parley.console.internal;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.Address;
import org.parley.core.account.Account;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.Watchers;

/**
 * The {@code parley:watchers} command: who watches, or asks to watch, the user's own presence per
 * account, and the user's consent to them, through the account's {@link Watchers} service
 * (registered with the account's id).
 */
@Component(service = WatcherCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=watchers" })
public final class WatcherCommands {

    private final ServicesByAccount<Watchers> watchers = new ServicesByAccount<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addWatchers(Watchers service, Map<String, Object> properties) {
        watchers.add(service, properties);
    }

    void removeWatchers(Watchers service, Map<String, Object> properties) {
        watchers.remove(service, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccount(Account account) {
        accounts.put(account.id().value(), account);
    }

    void removeAccount(Account account) {
        accounts.remove(account.id().value(), account);
    }

    @Descriptor("lists who watches, or asks to watch, the own presence of every account")
    public String watchers() {
        List<List<String>> rows = new ArrayList<>();
        for (String account : watchers.accounts()) {
            watchers.of(account).ifPresent(service -> service.list().forEach(watcher -> {
                List<String> row = new ArrayList<>(List.of(account));
                row.addAll(cells(watcher));
                rows.add(row);
            }));
        }
        return Table.render(List.of("ACCOUNT", "ADDRESS", "STATE", "SINCE"), rows, "no watchers");
    }

    @Descriptor("lists who watches, or asks to watch, one account's own presence: watchers <account>")
    public String watchers(String account) {
        List<List<String>> rows = service(account).list().stream().map(WatcherCommands::cells).toList();
        return Table.render(List.of("ADDRESS", "STATE", "SINCE"), rows, "no watchers of " + account);
    }

    @Descriptor("says what allow and deny need: watchers <account> allow|deny <address>")
    public String watchers(String account, String action) {
        throw new IllegalArgumentException("usage: watchers <account> allow|deny <address>");
    }

    @Descriptor("lets somebody who asked see the own presence of an account, or refuses them:"
            + " watchers <account> allow|deny <address>")
    public String watchers(String account, String action, String address) {
        Watchers service = service(account);
        Address watcher = Address.parse(address, "sip");
        return switch (action) {
            case "allow" -> {
                if (!service.allow(watcher)) {
                    throw new IllegalArgumentException(watcher + " has not asked to watch " + account
                            + " (it will be let in if it asks while " + account + " runs)");
                }
                yield "allowed " + watcher + " to watch " + account;
            }
            case "deny" -> {
                if (!service.deny(watcher)) {
                    throw new IllegalArgumentException(watcher + " neither watches nor asks to watch " + account
                            + " (it will be refused if it asks while " + account + " runs)");
                }
                yield "denied " + watcher + " watching " + account;
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use allow or deny");
        };
    }

    private static List<String> cells(Watcher watcher) {
        return List.of(watcher.address().uri(), watcher.state().name().toLowerCase(Locale.ROOT),
                watcher.since().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private Watchers service(String account) {
        return watchers.of(account).orElseThrow(() -> accounts.containsKey(account)
                ? new IllegalStateException("account " + account + " has no watchers (is org.parley.sip.presence"
                        + " running?); accounts with watchers: " + listed(watchers.accounts()))
                : new IllegalArgumentException("no account " + account + "; accounts: " + listed(accounts.keySet())));
    }

    private static String listed(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", new TreeSet<>(ids));
    }
}
