package org.parley.sip.presence.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sip.address.URI;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.presence.internal.pidf.PidfWriter;

/**
 * The user's own status at the presence server (RFC 3903): PUBLISHed with a PIDF body, refreshed
 * with its entity tag before it expires, changed in place, and removed (Expires 0 with
 * SIP-If-Match) when the user goes offline or the account stops. One PUBLISH at a time: a change
 * made while one is on its way is sent once it is answered, with the entity tag it brings (RFC
 * 3903 section 4.4). Runs on its account's presence thread.
 */
final class Publication {

    private static final Logger LOG = Logger.getLogger(Publication.class.getName());
    static final Duration REQUESTED_EXPIRY = Duration.ofSeconds(3600);

    private final SipAccountContext account;
    private final ScheduledExecutorService executor;
    private Optional<String> entityTag = Optional.empty();
    /** What the server should hold: a status, or nothing. */
    private Optional<PresenceStatus> wanted = Optional.empty();
    /** What the server holds, as far as its answers said. */
    private Optional<PresenceStatus> held = Optional.empty();
    /** A status the server refused: not sent again until the user chooses another. */
    private Optional<PresenceStatus> refused = Optional.empty();
    private boolean inFlight;
    private Optional<ScheduledFuture<?>> refresh = Optional.empty();
    private final List<CompletableFuture<Void>> removals = new ArrayList<>();

    Publication(SipAccountContext account, ScheduledExecutorService executor) {
        this.account = account;
        this.executor = executor;
    }

    /** Publishes {@code status}; offline removes the publication. */
    void publish(PresenceStatus status) {
        wanted = status.availability() == Availability.OFFLINE ? Optional.empty() : Optional.of(status);
        next();
    }

    /**
     * The account registered (again): a status the server should hold and does not, because
     * sending it failed while the account could not reach its server, is sent now.
     */
    void registered() {
        next();
    }

    /** Removes the publication, if there is one; the stage completes once the server answered (or nothing was to remove). */
    CompletableFuture<Void> remove() {
        wanted = Optional.empty();
        CompletableFuture<Void> removed = new CompletableFuture<>();
        removals.add(removed);
        next();
        return removed;
    }

    private void next() {
        if (inFlight) {
            return;
        }
        if (wanted.isEmpty()) {
            held = Optional.empty();
            if (entityTag.isPresent()) {
                cancelRefresh();
                send(Optional.empty(), Duration.ZERO);
                entityTag = Optional.empty();
                return;
            }
            removals.forEach(removed -> removed.complete(null));
            removals.clear();
            return;
        }
        if ((!wanted.equals(held) || entityTag.isEmpty()) && !wanted.equals(refused)) {
            send(wanted, REQUESTED_EXPIRY);
        }
    }

    private void send(Optional<PresenceStatus> status, Duration expiry) {
        try {
            URI self = account.addressOfRecord().getURI();
            Request publish = account.newRequest(Request.PUBLISH, self);
            var headers = account.headerFactory();
            publish.addHeader(headers.createEventHeader("presence"));
            publish.addHeader(headers.createExpiresHeader((int) expiry.toSeconds()));
            if (entityTag.isPresent()) {
                publish.addHeader(headers.createSIPIfMatchHeader(entityTag.get()));
            }
            if (status.isPresent()) {
                publish.setContent(PidfWriter.write(self.toString(), status.get()),
                        headers.createContentTypeHeader("application", "pidf+xml"));
            }
            inFlight = true;
            account.send(publish).whenComplete((response, failure) -> later(() -> {
                inFlight = false;
                if (failure != null) {
                    LOG.warning("PUBLISH of the own status failed: " + failure.getMessage());
                    held = Optional.empty();
                    entityTag = Optional.empty();
                    if (!expiry.isZero() && wanted.isPresent()) {
                        // tried again with the next change or refresh; do not loop on a dead server
                        return;
                    }
                } else {
                    answered(response, status, expiry);
                }
                next();
            }));
        } catch (Exception e) {
            inFlight = false;
            LOG.warning("Cannot PUBLISH the own status: " + e.getMessage());
        }
    }

    private void answered(Response response, Optional<PresenceStatus> sent, Duration expiry) {
        int code = response.getStatusCode();
        if (expiry.isZero()) {
            return;
        }
        if (code == Response.CONDITIONAL_REQUEST_FAILED) {
            // the server forgot the publication: publish afresh
            entityTag = Optional.empty();
            held = Optional.empty();
            return;
        }
        if (code < 200 || code >= 300) {
            LOG.warning("The presence server refused the own status: " + code + " " + response.getReasonPhrase());
            refused = sent;
            return;
        }
        refused = Optional.empty();
        SIPETagHeader tag = (SIPETagHeader) response.getHeader(SIPETagHeader.NAME);
        entityTag = Optional.ofNullable(tag).map(SIPETagHeader::getETag);
        if (sent.isPresent()) {
            held = sent;
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        long granted = expires == null ? REQUESTED_EXPIRY.toSeconds() : expires.getExpires();
        cancelRefresh();
        long delay = granted > 64 ? granted - 32 : Math.max(1, granted / 2);
        refresh = Optional.of(executor.schedule(this::refresh, delay, TimeUnit.SECONDS));
    }

    private void refresh() {
        if (!inFlight && entityTag.isPresent() && wanted.isPresent()) {
            send(Optional.empty(), REQUESTED_EXPIRY);
        }
    }

    private void later(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopped) {
            removals.forEach(removed -> removed.complete(null));
        }
    }

    private void cancelRefresh() {
        refresh.ifPresent(scheduled -> scheduled.cancel(false));
        refresh = Optional.empty();
    }
}
