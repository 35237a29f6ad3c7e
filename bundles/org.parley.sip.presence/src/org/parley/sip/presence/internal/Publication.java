package org.parley.sip.presence.internal;

import java.time.Duration;
import java.util.Optional;
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
 * with its entity tag before it expires, changed in place, and removed (Expires 0) when the user
 * goes offline or the account stops. Runs on its account's presence thread.
 */
final class Publication {

    private static final Logger LOG = Logger.getLogger(Publication.class.getName());
    static final Duration REQUESTED_EXPIRY = Duration.ofSeconds(3600);

    private final SipAccountContext account;
    private final ScheduledExecutorService executor;
    private Optional<String> entityTag = Optional.empty();
    private Optional<PresenceStatus> current = Optional.empty();
    private Optional<ScheduledFuture<?>> refresh = Optional.empty();

    Publication(SipAccountContext account, ScheduledExecutorService executor) {
        this.account = account;
        this.executor = executor;
    }

    /** Publishes {@code status}; offline removes the publication. */
    void publish(PresenceStatus status) {
        current = Optional.of(status);
        if (status.availability() == Availability.OFFLINE) {
            remove();
            return;
        }
        send(Optional.of(status), REQUESTED_EXPIRY);
    }

    /** Removes the publication, if there is one. */
    void remove() {
        cancelRefresh();
        if (entityTag.isPresent()) {
            send(Optional.empty(), Duration.ZERO);
            entityTag = Optional.empty();
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
            boolean removal = expiry.isZero();
            account.send(publish).whenComplete((response, failure) -> executor.execute(() -> {
                if (failure != null) {
                    LOG.warning("PUBLISH of the own status failed: " + failure.getMessage());
                } else if (!removal) {
                    answered(response);
                }
            }));
        } catch (Exception e) {
            LOG.warning("Cannot PUBLISH the own status: " + e.getMessage());
        }
    }

    private void answered(Response response) {
        int code = response.getStatusCode();
        if (code == Response.CONDITIONAL_REQUEST_FAILED && entityTag.isPresent()) {
            // the server forgot the publication: publish afresh
            entityTag = Optional.empty();
            current.ifPresent(this::publish);
            return;
        }
        if (code < 200 || code >= 300) {
            LOG.warning("The presence server refused the own status: " + code + " " + response.getReasonPhrase());
            return;
        }
        SIPETagHeader tag = (SIPETagHeader) response.getHeader(SIPETagHeader.NAME);
        entityTag = Optional.ofNullable(tag).map(SIPETagHeader::getETag);
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        long granted = expires == null ? REQUESTED_EXPIRY.toSeconds() : expires.getExpires();
        cancelRefresh();
        long delay = granted > 64 ? granted - 32 : Math.max(1, granted / 2);
        refresh = Optional.of(executor.schedule(() -> send(Optional.empty(), REQUESTED_EXPIRY), delay, TimeUnit.SECONDS));
    }

    private void cancelRefresh() {
        refresh.ifPresent(scheduled -> scheduled.cancel(false));
        refresh = Optional.empty();
    }
}
