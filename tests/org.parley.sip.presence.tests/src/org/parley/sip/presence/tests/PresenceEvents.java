package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;

/** The presence events one account sees of one contact (a {@link PresenceListener} on the whiteboard). */
final class PresenceEvents implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Address contact;
    private final BlockingQueue<PresenceEvent> events = new LinkedBlockingQueue<>();
    private final List<PresenceEvent> seen = new ArrayList<>();
    private final ServiceRegistration<PresenceListener> registration;

    PresenceEvents(BundleContext context, String account, Address contact) {
        this.contact = contact;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, account);
        registration = context.registerService(PresenceListener.class, event -> {
            if (event.contact().equals(contact)) {
                events.add(event);
            }
        }, properties);
    }

    /** Waits for {@code wanted}; the statuses before it are skipped. */
    PresenceStatus await(PresenceStatus wanted) throws InterruptedException {
        return await(wanted, TIMEOUT);
    }

    PresenceStatus await(PresenceStatus wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            PresenceEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                return fail("no " + wanted + " of " + contact.uri() + " within " + timeout.toSeconds() + " s; seen: " + seen);
            }
            seen.add(event);
            if (event.status().equals(wanted)) {
                return event.status();
            }
        }
    }

    /** Every status seen so far, awaited or skipped. */
    List<PresenceStatus> seen() {
        events.drainTo(seen);
        return seen.stream().map(PresenceEvent::status).toList();
    }

    @Override
    public void close() {
        registration.unregister();
    }

    /** The Presence service of {@code account}, waiting for it. */
    static Presence presence(BundleContext context, String account) throws Exception {
        return service(context, Presence.class, account);
    }

    static <T> T service(BundleContext context, Class<T> type, String account) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                + type.getName() + ")(" + ServiceProperties.ACCOUNT_ID + "=" + account + "))"), null);
        tracker.open();
        try {
            T service = tracker.waitForService(TIMEOUT.toMillis());
            assertNotNull(service, "a " + type.getSimpleName() + " service for " + account);
            return service;
        } finally {
            tracker.close();
        }
    }
}
