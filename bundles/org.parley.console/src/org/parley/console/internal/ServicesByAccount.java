package org.parley.console.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.parley.core.ServiceProperties;

/**
 * The services of one type registered right now, by the account id they were registered with
 * ({@link ServiceProperties#ACCOUNT_ID}); filled by the binding methods of the command components
 * that own one.
 *
 * @param <S> the service type, e.g. {@code Presence}
 */
final class ServicesByAccount<S> {

    private final Map<String, S> services = new ConcurrentHashMap<>();

    void add(S service, Map<String, Object> properties) {
        accountOf(properties).ifPresent(account -> services.put(account, service));
    }

    void remove(S service, Map<String, Object> properties) {
        accountOf(properties).ifPresent(account -> services.remove(account, service));
    }

    /** The service of {@code account}, if it has one now. */
    Optional<S> of(String account) {
        return Optional.ofNullable(services.get(account));
    }

    /** The ids of the accounts that have the service now, sorted. */
    Set<String> accounts() {
        return new TreeSet<>(services.keySet());
    }

    private static Optional<String> accountOf(Map<String, Object> properties) {
        return Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf);
    }
}
