package org.parley.sip.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;

import org.parley.sip.internal.auth.DigestAuthentication;

import org.parley.sip.internal.location.Location;
import org.parley.sip.internal.location.LocationException;
import org.parley.sip.internal.location.ServerLocation;
import org.parley.sip.internal.location.Target;
import org.parley.tls.ServerTrust;

/**
 * Keeps one account registered: REGISTER with digest authentication, refresh before expiry,
 * retries with backoff when the server cannot be reached, no retry when the credentials are
 * wrong, and REGISTER with expiry 0 to leave. The server is located before each REGISTER (DNS
 * only when the last answer is old); when one of its targets does not answer, cannot be reached
 * or answers 503, the REGISTER goes to the next one at once, and only when all failed does the
 * registration fail. All work runs on the account's own executor, so the state needs no locks;
 * JAIN-SIP's threads only hand events over.
 */
final class Registration {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    private final AccountSettings settings;
    private final SipEndpoint endpoint;
    private final ServerLocation server;
    private final ScheduledExecutorService executor;
    private final DigestAuthentication authentication;
    private final BiConsumer<RegistrationState, RegistrationState> stateChanged;
    private final Clock clock;
    private final CallIdHeader callId;
    private long sequence = 1;

    private RegistrationState state = new RegistrationState.Unregistered();
    private boolean wanted;
    /** A Contact the account used before it learned its reachable address, to be removed at the registrar. */
    private Optional<SipURI> abandonedContact = Optional.empty();
    private int failuresInARow;
    private ScheduledFuture<?> timer;
    private CompletableFuture<Void> leaving = CompletableFuture.completedFuture(null);

    Registration(AccountSettings settings, SipEndpoint endpoint, ServerLocation server,
            ScheduledExecutorService executor, DigestAuthentication authentication,
            BiConsumer<RegistrationState, RegistrationState> stateChanged, Clock clock) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.server = server;
        this.executor = executor;
        this.authentication = authentication;
        this.stateChanged = stateChanged;
        this.clock = clock;
        this.callId = endpoint.provider().getNewCallId();
    }

    RegistrationState state() {
        return state;
    }

    /** Registers now (again, if already registered), and keeps the registration fresh. */
    void register() {
        executor.execute(() -> {
            wanted = true;
            failuresInARow = 0;
            attempt(settings.expiry());
        });
    }

    /**
     * Whether a REGISTER of the registered account is on its way (a refresh, or one that
     * {@link #serverSilent} sent); it does a keep-alive's work. Only on the executor.
     */
    boolean refreshing() {
        return wanted && state instanceof RegistrationState.Registered && timer == null;
    }

    /**
     * The server did not answer a keep-alive ({@code why}): registers again now, so that a server
     * that is gone is noticed (the REGISTER fails, and is retried with backoff) rather than at the
     * next refresh. Nothing happens unless the account is registered and no REGISTER is on its
     * way already (the refresh timer runs only between REGISTERs).
     */
    void serverSilent(String why) {
        executor.execute(() -> {
            if (state instanceof RegistrationState.Registered && wanted && !refreshing()) {
                endpoint.traceProblem(why + "; registering again now");
                attempt(settings.expiry());
            }
        });
    }

    /** Ends the registration; the future completes when the server confirmed it, or gave up. */
    CompletableFuture<Void> unregister() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            wanted = false;
            cancelTimer();
            if (state instanceof RegistrationState.Registered || state instanceof RegistrationState.Registering) {
                leaving = done;
                send(Duration.ZERO, 0);
            } else {
                change(new RegistrationState.Unregistered());
                done.complete(null);
            }
        });
        return done;
    }

    private void attempt(Duration expiry) {
        cancelTimer();
        if (!(state instanceof RegistrationState.Registered)) {
            change(new RegistrationState.Registering());
        }
        send(expiry, 0);
    }

    /** Sends one REGISTER; {@code challenges} counts the authentication challenges answered so far. */
    private void send(Duration expiry, int challenges) {
        Target target;
        try {
            target = server.locate();
        } catch (LocationException e) {
            failed(FailureReason.UNREACHABLE, e.getMessage(), expiry, true);
            return;
        }
        try {
            Request request = buildRegister(expiry);
            authentication.authorize(request);
            endpoint.send(request, new Outcome(expiry, challenges, target));
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            Optional<ServerTrust.Refusal> refusal = refusedCertificate(e);
            if (refusal.isPresent()) {
                failed(new RegistrationState.Failed(FailureReason.CERTIFICATE_NOT_TRUSTED, refusal.get().reason(),
                        Optional.empty(), Optional.of(refusal.get().certificate())), expiry);
            } else {
                unreachable(target, FailureReason.UNREACHABLE,
                        "cannot send REGISTER to " + target + ": " + e.getMessage(), expiry);
            }
        }
    }

    /**
     * {@code target} did not take the REGISTER: it goes to the server's next target, or, when all
     * were tried, the registration fails (and is retried later, from the first target).
     */
    private void unreachable(Target target, FailureReason reason, String detail, Duration expiry) {
        Optional<Location> tried = server.location();
        if (server.moveOn(target)) {
            endpoint.traceProblem("REGISTER to " + target + " failed (" + detail + "); trying the next target of "
                    + server.host() + ": " + server.current().map(Target::toString).orElse("?"));
            send(expiry, 0);
            return;
        }
        String all = tried.filter(location -> location.targets().size() > 1)
                .map(location -> " (all " + location.targets().size() + " targets of " + location.name()
                        + " tried, found by " + location.how() + ")")
                .orElse("");
        failed(reason, detail + all, expiry, true);
    }

    /** The certificate refusal that made sending fail, if a TLS handshake failed on one. */
    private Optional<ServerTrust.Refusal> refusedCertificate(Exception problem) {
        for (Throwable cause = problem; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return endpoint.certificateRefusal();
            }
        }
        return Optional.empty();
    }

    private final class Outcome implements SipEndpoint.ResponseHandler {
        private final Duration expiry;
        private final int challenges;
        private final Target target;

        Outcome(Duration expiry, int challenges, Target target) {
            this.expiry = expiry;
            this.challenges = challenges;
            this.target = target;
        }

        @Override
        public void response(Response response, ClientTransaction transaction) {
            executor.execute(() -> handle(response, transaction, expiry, challenges, target));
        }

        @Override
        public void failed(String reason) {
            executor.execute(() -> unreachable(target, FailureReason.UNREACHABLE, reason, expiry));
        }
    }

    private void handle(Response response, ClientTransaction transaction, Duration expiry, int challenges,
            Target target) {
        int status = response.getStatusCode();
        String what = status + " " + response.getReasonPhrase();
        if (status < 200) {
            return;
        }
        if (status < 300) {
            succeeded(response, expiry);
        } else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            if (challenges > 0) {
                authentication.refused(response);
                failed(FailureReason.WRONG_CREDENTIALS, "the server refused the password (" + what + ")", expiry, false);
            } else {
                answerChallenge(response, transaction, expiry, target);
            }
        } else if (status == Response.FORBIDDEN) {
            failed(FailureReason.WRONG_CREDENTIALS, "the server refused the account (" + what + ")", expiry, false);
        } else if (status == Response.INTERVAL_TOO_BRIEF && response.getHeader(MinExpiresHeader.NAME) != null
                && challenges < 2) {
            int minimum = ((MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME)).getExpires();
            send(Duration.ofSeconds(minimum), challenges + 1);
        } else if (status == Response.SERVICE_UNAVAILABLE) {
            unreachable(target, FailureReason.REJECTED, "the server answered " + what, expiry);
        } else {
            failed(FailureReason.REJECTED, "the server answered " + what, expiry, true);
        }
    }

    private void answerChallenge(Response challenge, ClientTransaction transaction, Duration expiry, Target target) {
        try {
            ClientTransaction retry = authentication.answer(challenge, transaction, endpoint.provider());
            // The helper raised the CSeq of the retry; the next REGISTER of this Call-ID must be higher still,
            // or the registrar takes it for an old one and ignores it.
            long used = ((CSeqHeader) retry.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
            sequence = Math.max(sequence, used + 1);
            endpoint.send(retry, new Outcome(expiry, 1, target));
        } catch (MissingPasswordException e) {
            failed(FailureReason.MISCONFIGURED, e.getMessage(), expiry, false);
        } catch (SipException | RuntimeException e) {
            Throwable cause = e.getCause() instanceof MissingPasswordException missing ? missing : e;
            FailureReason reason = cause instanceof MissingPasswordException ? FailureReason.MISCONFIGURED
                    : FailureReason.UNREACHABLE;
            failed(reason, cause.getMessage() == null ? cause.toString() : cause.getMessage(), expiry,
                    reason == FailureReason.UNREACHABLE);
        }
    }

    private void succeeded(Response response, Duration requested) {
        failuresInARow = 0;
        if (requested.isZero()) {
            change(new RegistrationState.Unregistered());
            leaving.complete(null);
            return;
        }
        if (contactMoved(response)) {
            return;
        }
        Duration granted = grantedExpiry(response).orElse(requested);
        change(new RegistrationState.Registered(clock.instant().plus(granted)));
        if (wanted) {
            Duration refresh = granted.compareTo(Duration.ofSeconds(60)) > 0 ? granted.minusSeconds(30)
                    : granted.dividedBy(2);
            schedule(refresh, () -> attempt(settings.expiry()));
        }
    }

    private void failed(FailureReason reason, String detail, Duration expiry, boolean retry) {
        Optional<Instant> retryAt = Optional.empty();
        if (retry && wanted && !expiry.isZero()) {
            Duration delay = backoff(++failuresInARow);
            retryAt = Optional.of(clock.instant().plus(delay));
            schedule(delay, () -> attempt(settings.expiry()));
        }
        failed(new RegistrationState.Failed(reason, detail, retryAt), expiry);
    }

    private void failed(RegistrationState.Failed failure, Duration expiry) {
        if (expiry.isZero()) {
            change(new RegistrationState.Unregistered());
            leaving.complete(null);
            return;
        }
        change(failure);
    }

    /**
     * Whether the registrar saw the REGISTER come from another address than the Contact says
     * (behind NAT, or from an address the account did not know it had); if so, the binding is
     * moved to the address the registrar saw, so that calls find the account there.
     */
    private boolean contactMoved(Response response) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (endpoint.transport() != Transport.UDP || via == null || via.getReceived() == null) {
            return false;
        }
        SipURI before;
        try {
            before = contactUri();
        } catch (ParseException e) {
            return false;
        }
        int port = via.getRPort() > 0 ? via.getRPort() : endpoint.localPort();
        if (!endpoint.learnPublicAddress(via.getReceived(), port)) {
            return false;
        }
        abandonedContact = Optional.of(before);
        send(settings.expiry(), 0);
        return true;
    }

    private static Duration backoff(int failures) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** The expiry the server granted our contact: its Contact's expires, else the Expires header. */
    private Optional<Duration> grantedExpiry(Response response) {
        for (Iterator<?> contacts = response.getHeaders(ContactHeader.NAME); contacts.hasNext();) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().getURI() instanceof SipURI uri && isOurs(uri) && contact.getExpires() >= 0) {
                return Optional.of(Duration.ofSeconds(contact.getExpires()));
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return expires == null ? Optional.empty() : Optional.of(Duration.ofSeconds(expires.getExpires()));
    }

    private boolean isOurs(SipURI uri) {
        try {
            SipURI contact = contactUri();
            return settings.user().equals(uri.getUser()) && contact.getPort() == uri.getPort()
                    && contact.getHost().equals(uri.getHost());
        } catch (ParseException e) {
            return false;
        }
    }

    private Request buildRegister(Duration expiry) throws ParseException, SipException, InvalidArgumentException {
        SipURI requestUri = AccountRequests.serverUri(endpoint, settings.registrar());
        if (endpoint.transport() != Transport.UDP) {
            requestUri.setTransportParam(endpoint.transport().lowerCase());
        }
        Request request = AccountRequests.build(endpoint, settings, Request.REGISTER, requestUri, callId, sequence++);
        var addresses = endpoint.addresses;
        var headers = endpoint.headers;
        request.addHeader(headers.createContactHeader(addresses.createAddress(contactUri())));
        if (abandonedContact.isPresent()) {
            // the binding at the address the account thought it had is dropped in the same request
            ContactHeader old = headers.createContactHeader(addresses.createAddress(abandonedContact.get()));
            old.setExpires(0);
            request.addHeader(old);
            abandonedContact = Optional.empty();
        }
        request.addHeader(headers.createExpiresHeader((int) expiry.toSeconds()));
        return request;
    }

    private SipURI contactUri() throws ParseException {
        return endpoint.contactUri(settings.user());
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        timer = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void change(RegistrationState next) {
        RegistrationState previous = state;
        state = next;
        if (!previous.equals(next)) {
            stateChanged.accept(previous, next);
        }
    }
}
