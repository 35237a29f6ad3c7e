package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.parley.core.ServiceProperties;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;

/** Records the call events of one account (a {@link CallListener} on the whiteboard, filtered by account id) for the calls that start while it listens. */
final class CallEvents implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String account;
    private final BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
    private final List<CallEvent> history = new ArrayList<>();
    private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ServiceRegistration<CallListener> registration;

    CallEvents(BundleContext context, String account) {
        this.account = account;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, account);
        registration = context.registerService(CallListener.class, this::record, properties);
    }

    /**
     * Keeps the events of calls that started while this recorder listened; a call of an earlier
     * test that ends late (its account going away) is not this test's business.
     */
    private void record(CallEvent event) {
        if (event instanceof CallEvent.Started) {
            known.add(event.call().value());
        }
        if (known.contains(event.call().value())) {
            events.add(event);
        }
    }

    /** The next event matching {@code wanted}; the ones before it are skipped. */
    <E extends CallEvent> E await(Class<E> type, Predicate<E> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            CallEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                return fail(account + ": no " + what + " within " + TIMEOUT.toSeconds() + " s; events: " + history);
            }
            history.add(event);
            if (type.isInstance(event) && wanted.test(type.cast(event))) {
                return type.cast(event);
            }
            if (event.account().value().equals(account) && !type.isInstance(event)
                    && event instanceof CallEvent.Ended ended && type != CallEvent.Ended.class) {
                return fail(account + ": the call ended (" + ended.reason() + " " + ended.detail() + ") while waiting for "
                        + what + "; events: " + history);
            }
        }
    }

    CallEvent.StateChanged awaitState(CallState state) throws InterruptedException {
        return await(CallEvent.StateChanged.class, event -> event.current() == state, "state " + state);
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
