package org.parley.sip.presence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.SipException;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceStatus;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;

/**
 * The presence of one SIP account: watches contacts ({@link ContactWatch}) and publishes the
 * user's own status ({@link Publication}). Everything runs on one thread of its own.
 */
final class SipPresence implements Presence, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SipPresence.class.getName());

    private final SipAccountContext account;
    private final Consumer<PresenceEvent> events;
    private final ScheduledExecutorService executor;
    private final Map<Address, ContactWatch> watches = new ConcurrentHashMap<>();
    private final Map<Address, PresenceStatus> known = new ConcurrentHashMap<>();
    private final Publication publication;
    private volatile PresenceStatus own = PresenceStatus.of(Availability.OFFLINE);

    SipPresence(SipAccountContext account, Consumer<PresenceEvent> events) {
        this.account = account;
        this.events = events;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-presence-" + account.accountId().value());
            thread.setDaemon(true);
            return thread;
        });
        this.publication = new Publication(account, executor);
    }

    @Override
    public void publish(PresenceStatus status) {
        own = status;
        executor.execute(() -> publication.publish(status));
    }

    @Override
    public PresenceStatus ownStatus() {
        return own;
    }

    @Override
    public void watch(Address contact) {
        executor.execute(() -> watches.computeIfAbsent(contact, address -> {
            ContactWatch watch = new ContactWatch(account, address, executor, status -> changed(address, status));
            watch.subscribe();
            return watch;
        }));
    }

    @Override
    public void unwatch(Address contact) {
        executor.execute(() -> {
            ContactWatch watch = watches.remove(contact);
            if (watch != null) {
                watch.stop();
                known.remove(contact);
            }
        });
    }

    @Override
    public Optional<PresenceStatus> statusOf(Address contact) {
        return Optional.ofNullable(known.get(contact));
    }

    /** A NOTIFY for one of this account's presence subscriptions (on a SIP bundle thread). */
    void notified(IncomingRequest notify) {
        executor.execute(() -> {
            try {
                Optional<ContactWatch> watch = watches.values().stream().filter(w -> w.owns(notify.request())).findFirst();
                if (watch.isPresent()) {
                    watch.get().notified(notify);
                } else {
                    notify.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
            } catch (SipException | RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot answer a presence NOTIFY", e);
            }
        });
    }

    private void changed(Address contact, PresenceStatus status) {
        PresenceStatus previous = known.put(contact, status);
        if (!status.equals(previous)) {
            events.accept(new PresenceEvent(account.accountId(), contact, status, Instant.now()));
        }
    }

    /** Ends the subscriptions and removes the publication (Expires 0), waiting a little for both to leave. */
    @Override
    public void close() {
        executor.execute(() -> {
            watches.values().forEach(ContactWatch::stop);
            watches.clear();
            publication.remove();
        });
        executor.shutdown();
        try {
            executor.awaitTermination(Duration.ofSeconds(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
