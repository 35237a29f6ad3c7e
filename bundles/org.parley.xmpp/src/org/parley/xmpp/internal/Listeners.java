package org.parley.xmpp.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;

/** Bound listener services of one kind, each with the account it wants to hear about, or all accounts. */
final class Listeners<L> {

    private static final Logger LOG = Logger.getLogger(Listeners.class.getName());
    private final Map<L, Optional<String>> bound = new ConcurrentHashMap<>();

    void add(L listener, Map<String, Object> properties) {
        bound.put(listener, Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf));
    }

    void remove(L listener) {
        bound.remove(listener);
    }

    void tell(AccountId account, Consumer<L> event) {
        bound.forEach((listener, wanted) -> {
            if (wanted.map(account.value()::equals).orElse(true)) {
                try {
                    event.accept(listener);
                } catch (RuntimeException failed) {
                    LOG.warning("A listener failed: " + failed);
                }
            }
        });
    }
}
