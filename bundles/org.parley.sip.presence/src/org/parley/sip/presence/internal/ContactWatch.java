package org.parley.sip.presence.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.presence.internal.pidf.PidfException;
import org.parley.sip.presence.internal.pidf.PidfReader;
import org.parley.sip.presence.internal.watch.NextStep;
import org.parley.sip.presence.internal.watch.ResubscribePolicy;
import org.parley.sip.presence.internal.watch.SubscriptionState;

/**
 * One watched contact: a presence subscription (RFC 3856) kept alive by refreshes, renewed or
 * given up as {@link ResubscribePolicy} says, whose NOTIFYs become statuses. Runs on its
 * account's presence thread ({@code executor}); not thread-safe otherwise.
 */
final class ContactWatch {

    private static final Logger LOG = Logger.getLogger(ContactWatch.class.getName());
    static final Duration REQUESTED_EXPIRY = Duration.ofSeconds(600);

    private final SipAccountContext account;
    private final Address contact;
    private final ScheduledExecutorService executor;
    private final Consumer<PresenceStatus> statuses;
    private final ResubscribePolicy policy = new ResubscribePolicy();
    private Optional<Dialog> dialog = Optional.empty();
    /** The Call-ID of the current subscription: NOTIFYs may come before its SUBSCRIBE's 2xx. */
    private Optional<String> callId = Optional.empty();
    private Optional<ScheduledFuture<?>> timer = Optional.empty();
    private boolean stopped;
    private final Subscriptions subscriptions;
    /** The CSeq of the newest NOTIFY of the current subscription taken so far. */
    private long newestNotify = -1;
    /** Whether a NOTIFY ended the current subscription (perhaps before its SUBSCRIBE's 2xx came). */
    private boolean ended;

    /** Learns the Call-ID of each new subscription of a watch, to find the watch of a NOTIFY. */
    @FunctionalInterface
    interface Subscriptions {
        void started(ContactWatch watch, Optional<String> previousCallId, String callId);
    }

    ContactWatch(SipAccountContext account, Address contact, ScheduledExecutorService executor,
            Consumer<PresenceStatus> statuses, Subscriptions subscriptions) {
        this.account = account;
        this.contact = contact;
        this.executor = executor;
        this.statuses = statuses;
        this.subscriptions = subscriptions;
    }

    Address contact() {
        return contact;
    }

    /** The Call-ID of the current subscription, once one was sent. */
    Optional<String> callId() {
        return callId;
    }

    /** Sends a new SUBSCRIBE. */
    void subscribe() {
        if (stopped) {
            return;
        }
        try {
            URI target = account.addressFactory().createURI(contact.uri());
            Request subscribe = account.newRequest(Request.SUBSCRIBE, target);
            addSubscribeHeaders(subscribe, REQUESTED_EXPIRY);
            String next = ((CallIdHeader) subscribe.getHeader(CallIdHeader.NAME)).getCallId();
            subscriptions.started(this, callId, next);
            callId = Optional.of(next);
            newestNotify = -1;
            ended = false;
            account.sendCreatingDialog(subscribe).whenComplete((answer, failure) -> executor.execute(() -> {
                if (!callId.equals(Optional.of(next)) || ended) {
                    // a NOTIFY ended this subscription first, or a newer one replaced it: nothing to refresh
                    if (answer != null) {
                        answer.dialog().delete();
                    }
                } else if (failure != null) {
                    next(policy.failed(Optional.empty(), Optional.empty()));
                } else {
                    dialog.ifPresent(Dialog::delete);
                    dialog = Optional.of(answer.dialog());
                    answered(answer.response());
                }
            }));
        } catch (SipException | java.text.ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot subscribe to the presence of " + contact.uri(), e);
            next(policy.failed(Optional.empty(), Optional.empty()));
        }
    }

    private void refresh() {
        if (stopped || dialog.isEmpty()) {
            subscribe();
            return;
        }
        try {
            Dialog refreshed = dialog.get();
            Request refresh = account.newRequest(refreshed, Request.SUBSCRIBE);
            addSubscribeHeaders(refresh, REQUESTED_EXPIRY);
            account.sendInDialog(refreshed, refresh).whenComplete((response, failure) -> executor.execute(() -> {
                if (stopped || ended || dialog.isEmpty() || dialog.get() != refreshed) {
                    // a NOTIFY ended the subscription (rejected, say) before this answer was read: nothing to refresh
                    return;
                }
                if (failure != null) {
                    next(policy.failed(Optional.empty(), Optional.empty()));
                } else {
                    if (response.getStatusCode() >= 200 && response.getStatusCode() < 300) {
                        policy.refreshed();
                    }
                    answered(response);
                }
            }));
        } catch (SipException | java.text.ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            subscribe();
        }
    }

    private void answered(Response response) {
        int status = response.getStatusCode();
        if (status >= 200 && status < 300) {
            ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
            Duration granted = expires == null ? REQUESTED_EXPIRY : Duration.ofSeconds(expires.getExpires());
            schedule(ResubscribePolicy.refreshAfter(granted), this::refresh);
            return;
        }
        RetryAfterHeader retry = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        next(policy.failed(Optional.of(status), Optional.ofNullable(retry).map(r -> Duration.ofSeconds(r.getRetryAfter()))));
    }

    /** A NOTIFY in this watch's dialog: answered, read, and acted on. */
    void notified(IncomingRequest notify) throws SipException {
        notify.respond(Response.OK);
        Request request = notify.request();
        long sequence = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (sequence <= newestNotify) {
            // received messages are handled on several threads: an older NOTIFY came after a newer one
            LOG.fine("Ignored an older NOTIFY from " + contact.uri() + " (CSeq " + sequence + " after " + newestNotify + ")");
            return;
        }
        newestNotify = sequence;
        SubscriptionStateHeader header = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        SubscriptionState state;
        try {
            state = SubscriptionState.parse(header == null ? "active" : stateText(header));
        } catch (IllegalArgumentException e) {
            LOG.warning("NOTIFY from " + contact.uri() + " with an unknown subscription state: " + header);
            return;
        }
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0) {
            try {
                statuses.accept(PidfReader.read(body));
                policy.succeeded();
            } catch (PidfException e) {
                LOG.warning("Ignored the presence document of " + contact.uri() + ": " + e.getMessage());
            }
        } else if (state instanceof SubscriptionState.Active) {
            statuses.accept(PresenceStatus.of(Availability.OFFLINE));
        } else if (state instanceof SubscriptionState.Pending) {
            // the contact has not let this watcher in (yet): nothing is known
            statuses.accept(PresenceStatus.of(Availability.UNKNOWN));
        }
        if (state instanceof SubscriptionState.Terminated terminated) {
            ended = true;
            dialog.ifPresent(Dialog::delete);
            dialog = Optional.empty();
            cancelTimer();
            next(policy.terminated(terminated));
        }
    }

    private static String stateText(SubscriptionStateHeader header) {
        StringBuilder text = new StringBuilder(header.getState());
        if (header.getReasonCode() != null) {
            text.append(";reason=").append(header.getReasonCode());
        }
        if (header.getExpires() >= 0) {
            text.append(";expires=").append(header.getExpires());
        }
        if (header.getRetryAfter() >= 0) {
            text.append(";retry-after=").append(header.getRetryAfter());
        }
        return text.toString();
    }

    private void next(NextStep step) {
        if (stopped) {
            return;
        }
        switch (step) {
            case NextStep.ResubscribeAfter after -> schedule(after.delay(), this::subscribe);
            case NextStep.GiveUp giveUp -> {
                LOG.info("Stopped watching " + contact.uri() + ": " + giveUp.why());
                statuses.accept(PresenceStatus.of(Availability.UNKNOWN));
            }
        }
    }

    /** Ends the subscription (un-SUBSCRIBE) and every timer. */
    void stop() {
        stopped = true;
        cancelTimer();
        dialog.ifPresent(current -> {
            try {
                Request unsubscribe = account.newRequest(current, Request.SUBSCRIBE);
                addSubscribeHeaders(unsubscribe, Duration.ZERO);
                account.sendInDialog(current, unsubscribe);
            } catch (SipException | java.text.ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
                // the subscription expires at the notifier by itself
            }
        });
    }

    private void addSubscribeHeaders(Request request, Duration expiry) throws java.text.ParseException,
            javax.sip.InvalidArgumentException {
        var headers = account.headerFactory();
        request.addHeader(headers.createEventHeader("presence"));
        request.addHeader(headers.createAcceptHeader("application", "pidf+xml"));
        request.addHeader(headers.createExpiresHeader((int) expiry.toSeconds()));
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        timer = Optional.of(executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void cancelTimer() {
        timer.ifPresent(scheduled -> scheduled.cancel(false));
        timer = Optional.empty();
    }
}
