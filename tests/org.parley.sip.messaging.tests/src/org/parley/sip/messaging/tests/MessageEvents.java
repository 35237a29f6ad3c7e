package org.parley.sip.messaging.tests;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.MessageListener;

/** The message events of every account, collected by a {@link MessageListener} this registers, to wait for. */
final class MessageEvents implements AutoCloseable {

    private final long waitMillis;
    private final Map<String, BlockingQueue<MessageEvent>> events = new ConcurrentHashMap<>();
    private final ServiceRegistration<MessageListener> registration;

    MessageEvents(BundleContext context, long waitMillis) {
        this.waitMillis = waitMillis;
        this.registration = context.registerService(MessageListener.class,
                event -> queue(event.account().value()).add(event), new Hashtable<>());
    }

    /** The next event of {@code type} on {@code account} that matches; others are skipped. */
    <E extends MessageEvent> E next(String account, Class<E> type, Predicate<E> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<MessageEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            MessageEvent event = queue(account).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (type.isInstance(event) && wanted.test(type.cast(event))) {
                return type.cast(event);
            }
        }
        return fail("no " + type.getSimpleName() + " on " + account + " within " + waitMillis + " ms; seen: " + seen);
    }

    /** Waits for the message's fate and asserts it was delivered. */
    void assertDelivered(String account, MessageId id) throws InterruptedException {
        MessageEvent.DeliveryChanged changed = next(account, MessageEvent.DeliveryChanged.class,
                e -> e.message().equals(id) && !sending(e));
        assertInstanceOf(DeliveryState.Delivered.class, changed.state(), "delivered: " + changed);
    }

    static boolean sending(MessageEvent.DeliveryChanged event) {
        return event.state() instanceof DeliveryState.Sending;
    }

    /** Forgets the events seen so far. */
    void clear() {
        events.clear();
    }

    private BlockingQueue<MessageEvent> queue(String account) {
        return events.computeIfAbsent(account, key -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
