package org.parley.sip.messaging.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.Messaging;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestException;

/**
 * The {@link Messaging} of one running SIP account: sends RFC 3428 MESSAGE requests through the
 * account's {@link SipAccountContext} (each stored in the account's {@link Outbox} first), answers
 * the MESSAGEs that come to the account, and sends and reads RFC 3994 typing notices.
 */
final class AccountMessaging implements Messaging {

    /** Longest text sent or received, in UTF-8 bytes. */
    static final int MAX_TEXT_BYTES = 32 * 1024;
    /** Longest MESSAGE body accepted (413 above). */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The refresh interval our active notices name (RFC 3994 says ≥ 60 s, default 120 s). */
    static final int REFRESH_SECONDS = 90;
    /**
     * While the user keeps typing, the active state is sent again after this long: within the
     * named interval, so the peer's active state does not lapse before the refresh arrives.
     */
    static final int REFRESH_AFTER_SECONDS = 60;
    /** How long a peer's active state lasts without a refresh when its notice names no refresh interval. */
    static final int DEFAULT_REMOTE_REFRESH_SECONDS = 120;

    /** The reason of a message that was on its way when messaging stopped. */
    static final String INTERRUPTED = "interrupted: Parley stopped before an answer came";

    private static final Logger LOG = Logger.getLogger(AccountMessaging.class.getName());

    private final SipAccountContext context;
    private final AccountId account;
    private final Outbox outbox;
    private final Consumer<MessageEvent> publisher;
    private final ScheduledExecutorService timers;
    private final Duration idleTimeout;
    /** Our typing state per peer. */
    private final Map<Address, Typing> typing = new ConcurrentHashMap<>();
    /** The peers' typing state: the timer that turns their active state idle. */
    private final Map<Address, ScheduledFuture<?>> peersTyping = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private static final class Typing {
        boolean active;
        long lastActiveSent;
        ScheduledFuture<?> idleTimer;
    }

    AccountMessaging(SipAccountContext context, Outbox outbox, Consumer<MessageEvent> publisher,
            ScheduledExecutorService timers, Duration idleTimeout) {
        this.context = context;
        this.account = context.accountId();
        this.outbox = outbox;
        this.publisher = publisher;
        this.timers = timers;
        this.idleTimeout = idleTimeout;
    }

    AccountId account() {
        return account;
    }

    void close() {
        closed = true;
        typing.values().forEach(state -> {
            synchronized (state) {
                if (state.idleTimer != null) {
                    state.idleTimer.cancel(false);
                }
            }
        });
        peersTyping.values().forEach(timer -> timer.cancel(false));
    }

    @Override
    public MessageId send(Address peer, String text) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(text, "text");
        requireOpen();
        if (text.isBlank()) {
            throw new IllegalArgumentException("A message must not be empty");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("A message must not be longer than " + MAX_TEXT_BYTES
                    + " bytes of UTF-8; this one has " + bytes);
        }
        URI target = target(peer);
        MessageId id = new MessageId(UUID.randomUUID().toString());
        Instant now = Instant.now();
        Outbox.Entry entry = new Outbox.Entry(id, peer, text, now, new DeliveryState.Sending());
        outbox.put(entry); // before anything leaves: nothing typed is lost
        publisher.accept(new MessageEvent.Sent(account, peer, id, text, now));
        stoppedTyping(peer);
        transmit(entry, target);
        return id;
    }

    @Override
    public void resend(MessageId message) {
        requireOpen();
        Outbox.Entry entry = outbox.get(message).orElseThrow(() -> new IllegalArgumentException(
                "no undelivered message " + message + " on account " + account));
        if (!(entry.state() instanceof DeliveryState.Failed)) {
            throw new IllegalStateException("message " + message + " is being sent; only failed ones can be resent");
        }
        Outbox.Entry again = new Outbox.Entry(entry.id(), entry.peer(), entry.text(), entry.at(),
                new DeliveryState.Sending());
        outbox.put(again);
        publisher.accept(new MessageEvent.DeliveryChanged(account, entry.peer(), entry.id(), again.state(),
                Instant.now()));
        transmit(again, target(entry.peer()));
    }

    @Override
    public void setTyping(Address peer, boolean typing) {
        Objects.requireNonNull(peer, "peer");
        if (closed) {
            return; // a typing notice after the service left is of no use to anyone
        }
        URI target = target(peer);
        Typing state = this.typing.computeIfAbsent(peer, key -> new Typing());
        synchronized (state) {
            if (state.idleTimer != null) {
                state.idleTimer.cancel(false);
                state.idleTimer = null;
            }
            if (typing) {
                long now = System.nanoTime();
                if (!state.active || now - state.lastActiveSent >= TimeUnit.SECONDS.toNanos(REFRESH_AFTER_SECONDS)) {
                    state.active = true;
                    state.lastActiveSent = now;
                    sendNotice(target, true);
                }
                // the idle timeout: no typing for this long means the user stopped (RFC 3994 section 4)
                state.idleTimer = timers.schedule(() -> setTyping(peer, false), idleTimeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else if (state.active) {
                state.active = false;
                sendNotice(target, false);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("messaging for account " + account + " has stopped");
        }
    }

    /** A message went to {@code peer}: it implies idle at the far end (RFC 3994 section 3.3), no notice needed. */
    private void stoppedTyping(Address peer) {
        Typing state = typing.get(peer);
        if (state != null) {
            synchronized (state) {
                if (state.idleTimer != null) {
                    state.idleTimer.cancel(false);
                    state.idleTimer = null;
                }
                state.active = false;
            }
        }
    }

    private void sendNotice(URI target, boolean active) {
        if (closed) {
            return;
        }
        try {
            Request request = context.newRequest(Request.MESSAGE, target);
            ContentTypeHeader type = context.headerFactory().createContentTypeHeader(IsComposing.TYPE,
                    IsComposing.SUBTYPE);
            request.setContent(IsComposing.write(active, REFRESH_SECONDS).getBytes(StandardCharsets.UTF_8), type);
            context.send(request).whenComplete((response, failure) -> {
                if (failure != null) {
                    LOG.fine(() -> "typing notice to " + target + " failed: " + failure.getMessage());
                }
            });
        } catch (SipException | java.text.ParseException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot send a typing notice to " + target, e);
        }
    }

    private void transmit(Outbox.Entry entry, URI target) {
        Request request;
        try {
            request = context.newRequest(Request.MESSAGE, target);
            ContentTypeHeader type = context.headerFactory().createContentTypeHeader("text", "plain");
            type.setParameter("charset", "UTF-8");
            request.setContent(entry.text().getBytes(StandardCharsets.UTF_8), type);
        } catch (SipException | java.text.ParseException | RuntimeException e) {
            failed(entry, "not sent: " + e.getMessage());
            return;
        }
        context.send(request).whenComplete((response, failure) -> {
            if (outbox.closed()) {
                return; // the bundle stopped before the answer: the next start reports the message as interrupted
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                failed(entry, reason(cause));
            } else if (response.getStatusCode() / 100 == 2) {
                delivered(entry);
            } else {
                failed(entry, response.getStatusCode() + " " + response.getReasonPhrase());
            }
        });
    }

    private static String reason(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof SipRequestException && message.contains("no answer")) {
            return "no answer (timeout)";
        }
        return "not sent: " + message;
    }

    private void delivered(Outbox.Entry entry) {
        try {
            outbox.remove(entry.id());
        } catch (java.io.IOException e) {
            LOG.log(Level.WARNING, "message " + entry.id() + " was delivered but stays in " + outbox.file(), e);
        }
        publisher.accept(new MessageEvent.DeliveryChanged(account, entry.peer(), entry.id(),
                new DeliveryState.Delivered(), Instant.now()));
    }

    private void failed(Outbox.Entry entry, String reason) {
        DeliveryState state = new DeliveryState.Failed(reason);
        try {
            outbox.put(new Outbox.Entry(entry.id(), entry.peer(), entry.text(), entry.at(), state));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record that message " + entry.id() + " failed", e);
        }
        publisher.accept(new MessageEvent.DeliveryChanged(account, entry.peer(), entry.id(), state, Instant.now()));
    }

    private URI target(Address peer) {
        try {
            return context.addressFactory().createURI(peer.uri());
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("not a SIP address: " + peer + " (" + e.getMessage() + ")", e);
        }
    }

    /** Answers a MESSAGE that came to the account. */
    void handle(IncomingRequest incoming) throws SipException {
        Request request = incoming.request();
        byte[] body = request.getRawContent() == null ? new byte[0] : request.getRawContent();
        if (body.length > MAX_BODY_BYTES) {
            incoming.respond(Response.REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        Address peer = peer(request);
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String mediaType = type == null ? "text/plain"
                : (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(java.util.Locale.ROOT);
        if (mediaType.equals(IsComposing.TYPE + "/" + IsComposing.SUBTYPE)) {
            if (body.length > IsComposing.MAX_BYTES) {
                incoming.respond(Response.REQUEST_ENTITY_TOO_LARGE);
                return;
            }
            IsComposing.Notice notice;
            try {
                notice = IsComposing.read(body);
            } catch (IllegalArgumentException e) {
                incoming.respond(Response.BAD_REQUEST);
                return;
            }
            incoming.respond(Response.OK);
            peerTyping(peer, notice);
            return;
        }
        if (!mediaType.equals("text/plain")) {
            Response response = incoming.createResponse(Response.UNSUPPORTED_MEDIA_TYPE);
            try {
                response.addHeader(context.headerFactory().createAcceptHeader("text", "plain"));
                response.addHeader(context.headerFactory().createAcceptHeader(IsComposing.TYPE, IsComposing.SUBTYPE));
            } catch (java.text.ParseException e) {
                // the 415 goes without Accept
            }
            incoming.respond(response);
            return;
        }
        String text;
        try {
            String charset = type == null || type.getParameter("charset") == null ? "UTF-8"
                    : type.getParameter("charset").replace("\"", "").strip();
            text = Charset.forName(charset).newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(body)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            Response response = incoming.createResponse(Response.UNSUPPORTED_MEDIA_TYPE);
            incoming.respond(response);
            return;
        }
        incoming.respond(Response.OK);
        if (text.isEmpty()) {
            return;
        }
        if (peersTyping.containsKey(peer)) {
            ScheduledFuture<?> timer = peersTyping.remove(peer);
            if (timer != null) {
                timer.cancel(false);
                // a message from the peer means it stopped typing (RFC 3994 section 3.3)
                publisher.accept(new MessageEvent.Composing(account, peer, false, Instant.now()));
            }
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        publisher.accept(new MessageEvent.Received(account, peer, new MessageId("sip-" + callId), text,
                Instant.now()));
    }

    private void peerTyping(Address peer, IsComposing.Notice notice) {
        if (closed) {
            return;
        }
        ScheduledFuture<?> previous;
        if (notice.active()) {
            int refresh = notice.refreshSeconds().orElse(DEFAULT_REMOTE_REFRESH_SECONDS);
            ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
            timer[0] = timers.schedule(() -> {
                if (peersTyping.remove(peer, timer[0])) {
                    publisher.accept(new MessageEvent.Composing(account, peer, false, Instant.now()));
                }
            }, refresh, TimeUnit.SECONDS);
            previous = peersTyping.put(peer, timer[0]);
            if (previous != null) {
                previous.cancel(false);
            } else {
                publisher.accept(new MessageEvent.Composing(account, peer, true, Instant.now()));
            }
        } else {
            previous = peersTyping.remove(peer);
            if (previous != null) {
                previous.cancel(false);
                publisher.accept(new MessageEvent.Composing(account, peer, false, Instant.now()));
            }
        }
    }

    /** The sender of a request, as a plain address (no display name, tag or URI parameters). */
    static Address peer(Request request) {
        URI uri = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (uri instanceof SipURI sip) {
            return new Address((sip.isSecure() ? "sips:" : "sip:") + (sip.getUser() == null ? "" : sip.getUser() + "@")
                    + sip.getHost() + (sip.getPort() > 0 ? ":" + sip.getPort() : ""));
        }
        return new Address(uri.toString());
    }

    /** Messages that were on their way when the outbox was last written: nothing answered them, so they failed. */
    void failInterrupted() {
        for (Outbox.Entry entry : outbox.entries()) {
            if (entry.state() instanceof DeliveryState.Sending) {
                failed(entry, INTERRUPTED);
            }
        }
    }
}
