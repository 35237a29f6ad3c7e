package org.parley.sip.presence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.header.CallIdHeader;
import javax.sip.SipException;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.Watchers;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;

/**
 * The presence of one SIP account: watches contacts ({@link ContactWatch}), publishes the user's
 * own status ({@link Publication}, when the account has a server) and serves subscriptions to it
 * ({@link Notifier}). The status shown follows the account's calls ({@link OwnStatus}).
 * Everything runs on one thread of its own.
 */
final class SipPresence implements Presence, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SipPresence.class.getName());
    private static final Duration CLOSING = Duration.ofSeconds(2);
    /**
     * New subscriptions sent in one go on the presence thread before the NOTIFYs and answers that
     * came meanwhile get their turn: a long contact list would otherwise keep every contact's
     * status waiting until the last SUBSCRIBE is out.
     */
    private static final int SUBSCRIBES_PER_TURN = 8;

    private final SipAccountContext account;
    private final Consumer<PresenceEvent> events;
    private final ScheduledExecutorService executor;
    private final Map<Address, ContactWatch> watches = new ConcurrentHashMap<>();
    /** The watches by the Call-ID of their current subscription (presence thread only). */
    private final Map<String, ContactWatch> byCallId = new HashMap<>();
    /** Watches whose first SUBSCRIBE is still to be sent, in the order they were asked for (presence thread only). */
    private final Deque<ContactWatch> toSubscribe = new ArrayDeque<>();
    private final Map<Address, PresenceStatus> known = new ConcurrentHashMap<>();
    private final Publication publication;
    private final Notifier notifier;
    private final Supplier<PresenceSettings> settings;
    private volatile Thread presenceThread;
    private final Consumer<PresenceStatus> chosen;
    private OwnStatus own = new OwnStatus(PresenceStatus.of(Availability.OFFLINE), false);

    SipPresence(SipAccountContext account, Consumer<PresenceEvent> events, Supplier<PresenceSettings> settings,
            Predicate<Address> inContacts, Consumer<Watcher> asked, Consumer<PresenceStatus> chosen) {
        this.account = account;
        this.chosen = chosen;
        this.events = events;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-presence-" + account.accountId().value());
            presenceThread = thread;
            thread.setDaemon(true);
            return thread;
        });
        this.publication = new Publication(account, executor);
        this.settings = settings;
        this.notifier = new Notifier(account, executor, () -> settings.get().policy(), inContacts, asked,
                () -> Thread.currentThread() == presenceThread, own.shown());
    }

    @Override
    public synchronized void publish(PresenceStatus status) {
        show(own.choose(status));
        chosen.accept(status);
    }

    /** Whether the account has a call up: the status shown says so while it has. */
    synchronized void onThePhone(boolean up) {
        show(own.onThePhone(up));
    }

    /** Called with the lock held, so that statuses reach the presence thread in the order they were set. */
    private void show(OwnStatus next) {
        PresenceStatus before = own.shown();
        own = next;
        PresenceStatus shown = next.shown();
        if (shown.equals(before)) {
            return;
        }
        executor.execute(() -> {
            if (settings.get().publishes()) {
                publication.publish(shown);
            }
            notifier.statusChanged(shown);
        });
    }

    /** The account registered (again): what could not be published before is published now. */
    void registered() {
        executor.execute(() -> {
            if (settings.get().publishes()) {
                publication.registered();
            }
        });
    }

    @Override
    public synchronized PresenceStatus ownStatus() {
        return own.shown();
    }

    /** Who watches the user's presence through this account. */
    Watchers watchers() {
        return notifier;
    }

    /** A SUBSCRIBE to the user's presence (on a SIP bundle thread). */
    void subscribed(IncomingRequest subscribe) {
        executor.execute(() -> {
            try {
                notifier.subscribed(subscribe);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Cannot serve a presence SUBSCRIBE", e);
                if (!subscribe.answered()) {
                    try {
                        subscribe.respond(Response.SERVER_INTERNAL_ERROR);
                    } catch (SipException unanswerable) {
                        // the watcher's transaction times out
                    }
                }
            }
        });
    }

    @Override
    public void watch(Address contact) {
        executor.execute(() -> watches.computeIfAbsent(contact, address -> {
            ContactWatch watch = new ContactWatch(account, address, executor, status -> changed(address, status),
                    this::subscribing);
            toSubscribe.add(watch);
            if (toSubscribe.size() == 1) {
                executor.execute(this::subscribeSome);
            }
            return watch;
        }));
    }

    /** Sends the next few first SUBSCRIBEs, and leaves the rest for a later turn of the presence thread. */
    private void subscribeSome() {
        for (int sent = 0; sent < SUBSCRIBES_PER_TURN && !toSubscribe.isEmpty(); sent++) {
            toSubscribe.poll().subscribe();
        }
        if (!toSubscribe.isEmpty()) {
            executor.execute(this::subscribeSome);
        }
    }

    @Override
    public void unwatch(Address contact) {
        executor.execute(() -> {
            ContactWatch watch = watches.remove(contact);
            if (watch != null) {
                toSubscribe.remove(watch);
                watch.callId().ifPresent(callId -> byCallId.remove(callId, watch));
                watch.stop();
                known.remove(contact);
            }
        });
    }

    @Override
    public Optional<PresenceStatus> statusOf(Address contact) {
        return Optional.ofNullable(known.get(contact));
    }

    /** Runs {@code task} on this account's presence thread. */
    void inBackground(Runnable task) {
        executor.execute(task);
    }

    /** The account's watcher policy or contact list changed: pending watchers are decided again. */
    void watcherRulesChanged() {
        executor.execute(notifier::decideAgain);
    }

    /** A NOTIFY for one of this account's presence subscriptions (on a SIP bundle thread). */
    void notified(IncomingRequest notify) {
        executor.execute(() -> {
            try {
                Optional<ContactWatch> watch = Optional.ofNullable(notify.request().getHeader(CallIdHeader.NAME))
                        .map(header -> byCallId.get(((CallIdHeader) header).getCallId()));
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

    /** On the presence thread: a watch sent a new SUBSCRIBE, whose NOTIFYs carry {@code callId}. */
    private void subscribing(ContactWatch watch, Optional<String> previousCallId, String callId) {
        previousCallId.ifPresent(previous -> byCallId.remove(previous, watch));
        byCallId.put(callId, watch);
    }

    private void changed(Address contact, PresenceStatus status) {
        PresenceStatus previous = known.put(contact, status);
        if (!status.equals(previous)) {
            events.accept(new PresenceEvent(account.accountId(), contact, status, Instant.now()));
        }
    }

    /**
     * Ends the subscriptions (own and served) and removes the publication (Expires 0), waiting a
     * little for the server's answer.
     */
    @Override
    public void close() {
        CompletableFuture<Void> removed = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                watches.values().forEach(ContactWatch::stop);
                watches.clear();
                toSubscribe.clear();
                byCallId.clear();
                notifier.close();
                publication.remove().whenComplete((done, failure) -> removed.complete(null));
            });
            removed.get(CLOSING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.fine("The presence of " + account.accountId().value() + " closed without its server's answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
