package org.parley.sip.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Constants;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.sip.extension.SipRequestHandler;

/**
 * The {@link SipRequestHandler} services SCR has bound to one account, with what each handles
 * (its service properties), and the choice of the one that gets a request.
 */
final class RequestHandlers {

    /** Methods whose requests carry an event package (RFC 6665, RFC 3903). */
    static final Set<String> EVENT_METHODS = Set.of("SUBSCRIBE", "NOTIFY", "PUBLISH");

    /** One bound handler and what its service properties say it takes. */
    private record Entry(SipRequestHandler handler, Set<String> methods, Set<String> events,
            Optional<String> account, int ranking, long serviceId) {

        boolean takes(AccountId to, String method) {
            return methods.contains(method) && (account.isEmpty() || account.get().equals(to.value()));
        }

        boolean takes(AccountId to, String method, Optional<String> event) {
            return takes(to, method) && (!EVENT_METHODS.contains(method) || events.isEmpty()
                    || event.map(events::contains).orElse(false));
        }
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final Map<SipRequestHandler, Entry> entries = new ConcurrentHashMap<>();
    /** Notified whenever a handler is bound, for {@link #awaitHandler}. */
    private final Object bound = new Object();

    void add(SipRequestHandler handler, Map<String, Object> properties) {
        Set<String> methods = new LinkedHashSet<>();
        values(properties.get(SipRequestHandler.METHODS)).forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        Set<String> events = new LinkedHashSet<>();
        values(properties.get(SipRequestHandler.EVENTS)).forEach(events::add);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        entries.put(handler, new Entry(handler, Set.copyOf(methods), Set.copyOf(events),
                Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf),
                ranking instanceof Integer value ? value : 0, id instanceof Long value ? value : Long.MAX_VALUE));
        synchronized (bound) {
            bound.notifyAll();
        }
    }

    /**
     * Like {@link #find}, but waits up to {@code patience} for a handler that takes the request to be
     * bound. A NOTIFY can come before the handler of the subscription it belongs to: SCR activates a
     * handler component when another service first asks for it, so the component can subscribe before
     * this account's bind method has run.
     */
    Optional<SipRequestHandler> awaitHandler(AccountId account, String method, Optional<String> event, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (bound) {
            Optional<SipRequestHandler> found = find(account, method, event);
            for (long left = deadline - System.nanoTime(); found.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(bound, left);
                found = find(account, method, event);
            }
            return found;
        }
    }

    void remove(SipRequestHandler handler) {
        entries.remove(handler);
    }

    /** The handler that gets a request of {@code method} (and {@code event}) to {@code account}, if any takes it. */
    Optional<SipRequestHandler> find(AccountId account, String method, Optional<String> event) {
        return entries.values().stream().filter(entry -> entry.takes(account, method, event)).sorted(PREFERENCE)
                .findFirst().map(Entry::handler);
    }

    /** Whether some handler takes requests of {@code method} to {@code account}, of any event package. */
    boolean takesMethod(AccountId account, String method) {
        return entries.values().stream().anyMatch(entry -> entry.takes(account, method));
    }

    /** The methods handlers take for {@code account}, sorted. */
    Set<String> methods(AccountId account) {
        Set<String> methods = new TreeSet<>();
        entries.values().stream().filter(entry -> entry.account().isEmpty()
                || entry.account().get().equals(account.value())).forEach(entry -> methods.addAll(entry.methods()));
        return methods;
    }

    /** The event packages handlers of SUBSCRIBE, NOTIFY or PUBLISH take for {@code account}, sorted. */
    Set<String> events(AccountId account) {
        Set<String> events = new TreeSet<>();
        entries.values().stream()
                .filter(entry -> entry.account().isEmpty() || entry.account().get().equals(account.value()))
                .filter(entry -> entry.methods().stream().anyMatch(EVENT_METHODS::contains))
                .forEach(entry -> events.addAll(entry.events()));
        return events;
    }

    /** A service property's strings: a comma-separated string, an array or a collection. */
    private static Stream<String> values(Object property) {
        Stream<?> raw;
        if (property == null) {
            raw = Stream.empty();
        } else if (property instanceof Object[] array) {
            raw = Arrays.stream(array);
        } else if (property instanceof Collection<?> collection) {
            raw = collection.stream();
        } else {
            raw = Stream.of(property);
        }
        return raw.map(String::valueOf).flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
                .filter(value -> !value.isEmpty());
    }
}
