package org.parley.sip.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;

/**
 * The listener services of one kind that SCR has bound, each with the account it wants to hear
 * about (its {@link ServiceProperties#ACCOUNT_ID} property) or none for all accounts.
 */
final class Whiteboard<L> {

    private final Map<L, Optional<String>> listeners = new ConcurrentHashMap<>();

    void add(L listener, Map<String, Object> properties) {
        listeners.put(listener, Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf));
    }

    void remove(L listener) {
        listeners.remove(listener);
    }

    /** Hands an event of {@code account} to every listener that wants it; a failing listener does not stop the others. */
    void publish(AccountId account, Consumer<L> delivery) {
        listeners.forEach((listener, wanted) -> {
            if (wanted.isEmpty() || wanted.get().equals(account.value())) {
                try {
                    delivery.accept(listener);
                } catch (RuntimeException e) {
                    // a faulty listener must not keep the others from hearing about it
                }
            }
        });
    }
}
