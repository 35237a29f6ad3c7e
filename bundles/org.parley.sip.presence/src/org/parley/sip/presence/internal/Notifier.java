package org.parley.sip.presence.internal;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.EventHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherState;
import org.parley.core.presence.watchers.Watchers;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.presence.internal.pidf.PidfWriter;

/**
 * Serves subscriptions to the user's own presence (RFC 3856, RFC 6665 notifier): answers
 * SUBSCRIBE with 200 and an immediate NOTIFY (active with the status, pending while the user has
 * not consented, or terminated;reason=rejected), notifies every change, honours refreshes and
 * un-subscribes, ends silent subscriptions when they expire (reason=timeout) and all of them
 * when the account stops (reason=probation, with an offline status: the watcher tries again
 * later). Who gets in is the {@link WatcherPolicy}'s and the user's call. Runs on its account's
 * presence thread; the {@link Watchers} methods may be called from any thread.
 */
final class Notifier implements Watchers {

    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    private enum Decision {
        LET_IN, ASK, REFUSE
    }

    private final SipAccountContext account;
    private final ScheduledExecutorService executor;
    private final Supplier<WatcherPolicy> policy;
    private final Predicate<Address> inContacts;
    private final Consumer<Watcher> asked;
    private final BooleanSupplier onPresenceThread;
    private final List<ServedSubscription> served = new ArrayList<>();
    private final Set<String> allowed = new HashSet<>();
    private final Set<String> denied = new HashSet<>();
    private PresenceStatus status;

    Notifier(SipAccountContext account, ScheduledExecutorService executor, Supplier<WatcherPolicy> policy,
            Predicate<Address> inContacts, Consumer<Watcher> asked, BooleanSupplier onPresenceThread, PresenceStatus status) {
        this.account = account;
        this.executor = executor;
        this.policy = policy;
        this.inContacts = inContacts;
        this.asked = asked;
        this.onPresenceThread = onPresenceThread;
        this.status = status;
    }

    /** A SUBSCRIBE for the user's presence: a new subscription, a refresh or an un-subscribe. */
    void subscribed(IncomingRequest subscribe) throws SipException, ParseException, InvalidArgumentException {
        Request request = subscribe.request();
        SubscribeRequest asking = new SubscribeRequest(request);
        Duration expiry = asking.expiry();
        if (asking.inDialog()) {
            Optional<ServedSubscription> existing = served.stream().filter(s -> s.owns(request)).findFirst();
            if (existing.isEmpty()) {
                subscribe.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            } else {
                refreshed(subscribe, existing.get(), expiry);
            }
            return;
        }
        if (!asking.acceptsPidf()) {
            subscribe.respond(Response.NOT_ACCEPTABLE);
            return;
        }
        Address watcher = asking.watcher();
        Decision decision = decide(watcher);
        ServedSubscription subscription = new ServedSubscription(subscribe.createDialog(), request, watcher,
                decision == Decision.LET_IN ? WatcherState.ACTIVE : WatcherState.PENDING, Instant.now().plus(expiry));
        respond(subscribe, expiry);
        if (decision == Decision.REFUSE) {
            end(subscription, "rejected", false);
        } else if (expiry.isZero()) {
            // a fetch (RFC 6665 section 4.4.3): one NOTIFY, no subscription
            end(subscription, "timeout", subscription.state == WatcherState.ACTIVE);
        } else {
            served.add(subscription);
            scheduleExpiry(subscription);
            notifyState(subscription);
            if (subscription.state == WatcherState.PENDING) {
                asked.accept(describe(subscription));
            }
        }
    }

    private void refreshed(IncomingRequest subscribe, ServedSubscription subscription, Duration expiry)
            throws SipException, InvalidArgumentException {
        respond(subscribe, expiry);
        if (expiry.isZero()) {
            forget(subscription);
            end(subscription, "timeout", subscription.state == WatcherState.ACTIVE);
            return;
        }
        subscription.expiresAt = Instant.now().plus(expiry);
        scheduleExpiry(subscription);
        notifyState(subscription);
    }

    private void respond(IncomingRequest subscribe, Duration expiry) throws SipException, InvalidArgumentException {
        Response ok = subscribe.createResponse(Response.OK);
        ok.setHeader(account.headerFactory().createExpiresHeader((int) expiry.toSeconds()));
        subscribe.respond(ok);
    }

    /**
     * The policy or the contact list changed: pending watchers are decided again (an account's
     * settings may arrive after its first SUBSCRIBE; a watcher may have become a contact).
     */
    void decideAgain() {
        List<ServedSubscription> pending = served.stream().filter(s -> s.state == WatcherState.PENDING).toList();
        for (ServedSubscription subscription : pending) {
            switch (decide(subscription.watcher)) {
                case LET_IN -> {
                    subscription.state = WatcherState.ACTIVE;
                    notifyState(subscription);
                }
                case REFUSE -> {
                    forget(subscription);
                    end(subscription, "rejected", false);
                }
                case ASK -> {
                    // still up to the user
                }
            }
        }
    }

    /** The user's status to show changed: every active watcher hears of it. */
    void statusChanged(PresenceStatus shown) {
        status = shown;
        served.stream().filter(s -> s.state == WatcherState.ACTIVE).toList().forEach(this::notifyState);
    }

    /** The account stops: every subscription ends, showing the user offline. */
    void close() {
        status = PresenceStatus.of(Availability.OFFLINE);
        List<ServedSubscription> all = List.copyOf(served);
        all.forEach(this::forget);
        all.forEach(subscription -> end(subscription, "probation", subscription.state == WatcherState.ACTIVE));
    }

    @Override
    public List<Watcher> list() {
        return onPresenceThread(() -> served.stream().map(this::describe).toList(), List.of());
    }

    @Override
    public boolean allow(Address address) {
        return onPresenceThread(() -> {
            String key = SubscribeRequest.person(address);
            allowed.add(key);
            denied.remove(key);
            List<ServedSubscription> waiting = served.stream()
                    .filter(s -> s.state == WatcherState.PENDING && SubscribeRequest.person(s.watcher).equals(key)).toList();
            waiting.forEach(subscription -> {
                subscription.state = WatcherState.ACTIVE;
                notifyState(subscription);
            });
            return !waiting.isEmpty();
        }, false);
    }

    @Override
    public boolean deny(Address address) {
        return onPresenceThread(() -> {
            String key = SubscribeRequest.person(address);
            denied.add(key);
            allowed.remove(key);
            List<ServedSubscription> ended = served.stream().filter(s -> SubscribeRequest.person(s.watcher).equals(key)).toList();
            ended.forEach(subscription -> {
                forget(subscription);
                end(subscription, "rejected", false);
            });
            return !ended.isEmpty();
        }, false);
    }

    private Decision decide(Address watcher) {
        String key = SubscribeRequest.person(watcher);
        if (denied.contains(key)) {
            return Decision.REFUSE;
        }
        if (allowed.contains(key)) {
            return Decision.LET_IN;
        }
        return switch (policy.get()) {
            case ACCEPT -> Decision.LET_IN;
            case REFUSE -> Decision.REFUSE;
            case ASK -> Decision.ASK;
            case CONTACTS -> inContacts.test(watcher) ? Decision.LET_IN : Decision.ASK;
        };
    }

    private void notifyState(ServedSubscription subscription) {
        long left = Math.max(0, Duration.between(Instant.now(), subscription.expiresAt).toSeconds());
        boolean active = subscription.state == WatcherState.ACTIVE;
        send(subscription, (active ? SubscriptionStateHeader.ACTIVE : SubscriptionStateHeader.PENDING).toLowerCase(Locale.ROOT),
                Optional.empty(), Optional.of(left), active);
    }

    /** Sends the final NOTIFY of a subscription no longer in {@link #served}. */
    private void end(ServedSubscription subscription, String reason, boolean withStatus) {
        send(subscription, "terminated", Optional.of(reason), Optional.empty(), withStatus);
    }

    private void send(ServedSubscription subscription, String state, Optional<String> reason, Optional<Long> expires,
            boolean withStatus) {
        boolean terminal = reason.isPresent();
        try {
            Request notify = account.newRequest(subscription.dialog, Request.NOTIFY);
            var headers = account.headerFactory();
            notify.setHeader((EventHeader) subscription.event.clone());
            SubscriptionStateHeader header = headers.createSubscriptionStateHeader(state);
            if (reason.isPresent()) {
                header.setReasonCode(reason.get());
            }
            if (expires.isPresent()) {
                header.setExpires(expires.get().intValue());
            }
            notify.setHeader(header);
            if (withStatus) {
                notify.setContent(PidfWriter.write(account.addressOfRecord().getURI().toString(), status),
                        headers.createContentTypeHeader("application", "pidf+xml"));
            }
            account.sendInDialog(subscription.dialog, notify).whenComplete((response, failure) -> later(() -> {
                if (terminal) {
                    subscription.dialog.delete();
                } else if (failure != null || response.getStatusCode() == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST
                        || response.getStatusCode() == Response.REQUEST_TIMEOUT) {
                    // RFC 6665 section 4.2.2: the watcher is gone
                    LOG.info("Ended the presence subscription of " + subscription.watcher.uri() + ": its NOTIFY got "
                            + (failure != null ? failure.getMessage() : response.getStatusCode()));
                    forget(subscription);
                    subscription.dialog.delete();
                }
            }));
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot NOTIFY " + subscription.watcher.uri() + " of the own presence", e);
            if (!terminal) {
                forget(subscription);
            }
            subscription.dialog.delete();
        }
    }

    private void scheduleExpiry(ServedSubscription subscription) {
        subscription.cancelExpiry();
        long delay = Math.max(0, Duration.between(Instant.now(), subscription.expiresAt).toMillis());
        subscription.expiry = Optional.of(executor.schedule(() -> {
            if (served.contains(subscription)) {
                forget(subscription);
                end(subscription, "timeout", subscription.state == WatcherState.ACTIVE);
            }
        }, delay, TimeUnit.MILLISECONDS));
    }

    private void forget(ServedSubscription subscription) {
        subscription.cancelExpiry();
        served.remove(subscription);
    }

    private Watcher describe(ServedSubscription subscription) {
        return new Watcher(account.accountId(), subscription.watcher, subscription.state, subscription.since);
    }

    private void later(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the account's presence is closing: nothing left to keep
        }
    }

    private <T> T onPresenceThread(Callable<T> task, T otherwise) {
        if (onPresenceThread.getAsBoolean()) {
            try {
                return task.call();
            } catch (Exception e) {
                return otherwise;
            }
        }
        try {
            return executor.submit(task).get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        }
    }
}
