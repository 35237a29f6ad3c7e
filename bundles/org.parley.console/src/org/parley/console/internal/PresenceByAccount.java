package org.parley.console.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.parley.core.ServiceProperties;
import org.parley.core.presence.Presence;

/**
 * The {@link Presence} services registered right now, by the account id they were registered
 * with; filled by the binding methods of the command components that own one.
 */
final class PresenceByAccount {

    private final Map<String, Presence> services = new ConcurrentHashMap<>();

    void add(Presence presence, Map<String, Object> properties) {
        accountOf(properties).ifPresent(account -> services.put(account, presence));
    }

    void remove(Presence presence, Map<String, Object> properties) {
        accountOf(properties).ifPresent(account -> services.remove(account, presence));
    }

    /** The presence of {@code account}, if it has one now. */
    Optional<Presence> of(String account) {
        return Optional.ofNullable(services.get(account));
    }

    /** The ids of the accounts that have presence now, sorted. */
    Set<String> accounts() {
        return new TreeSet<>(services.keySet());
    }

    private static Optional<String> accountOf(Map<String, Object> properties) {
        return Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf);
    }
}
