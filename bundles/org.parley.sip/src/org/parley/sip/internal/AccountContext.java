package org.parley.sip.internal;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.account.AccountId;
import org.parley.sip.extension.DialogResponse;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestException;
import org.parley.sip.internal.auth.DigestAuthentication;

/**
 * The {@link SipAccountContext} of one running account: builds requests as the account's own
 * (AccountRequests, SipCall) are built, sends them through its endpoint, answers one digest
 * challenge with the account's credentials, and completes the callers' stages on
 * {@code completions} (never on JAIN-SIP's thread). Closing it fails what is still pending.
 */
final class AccountContext implements SipAccountContext {

    private static final int MIN_PRUNE_AT = 64;

    private final AccountSettings settings;
    private final SipEndpoint endpoint;
    private final DigestAuthentication authentication;
    private final ExecutorService completions;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** The dialogs {@link #sendCreatingDialog} made, by Call-ID and local tag, while they last. */
    private final Map<String, Dialog> createdDialogs = new ConcurrentHashMap<>();
    /** The size of {@link #createdDialogs} at which its ended dialogs are dropped next. */
    private volatile int pruneCreatedDialogsAt = MIN_PRUNE_AT;
    private volatile boolean closed;

    AccountContext(AccountSettings settings, SipEndpoint endpoint, DigestAuthentication authentication,
            ExecutorService completions) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.authentication = authentication;
        this.completions = completions;
    }

    SipEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public AccountId accountId() {
        return settings.id();
    }

    @Override
    public Address addressOfRecord() {
        try {
            Address aor = endpoint.addresses.createAddress(
                    endpoint.addresses.createSipURI(settings.user(), settings.ownHost(endpoint.localPort())));
            if (!settings.displayName().isBlank()) {
                aor.setDisplayName(settings.displayName());
            }
            return aor;
        } catch (ParseException e) {
            throw new IllegalStateException("The address of " + settings.id() + " is not a SIP URI: " + e.getMessage(), e);
        }
    }

    @Override
    public AddressFactory addressFactory() {
        return endpoint.addresses;
    }

    @Override
    public HeaderFactory headerFactory() {
        return endpoint.headers;
    }

    @Override
    public MessageFactory messageFactory() {
        return endpoint.messages;
    }

    @Override
    public Request newRequest(String method, URI target) throws SipException {
        try {
            HeaderFactory headers = endpoint.headers;
            URI requestUri = (URI) target.clone();
            if (requestUri instanceof SipURI sip && endpoint.transport() != Transport.UDP
                    && sip.getTransportParam() == null) {
                sip.setTransportParam(endpoint.transport().lowerCase());
            }
            ViaHeader via = headers.createViaHeader(endpoint.localHost(), endpoint.localPort(),
                    endpoint.transport().lowerCase(), null);
            via.setRPort();
            Request request = endpoint.messages.createRequest(requestUri, method,
                    endpoint.provider().getNewCallId(), headers.createCSeqHeader(1L, method),
                    headers.createFromHeader(addressOfRecord(), Long.toHexString(Double.doubleToLongBits(Math.random()))),
                    headers.createToHeader(endpoint.addresses.createAddress((URI) target.clone()), null), List.of(via),
                    headers.createMaxForwardsHeader(70));
            request.addHeader(headers.createUserAgentHeader(List.of("Parley/0.1")));
            return request;
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            throw new SipException("Cannot build a " + method + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Request newRequest(Dialog dialog, String method) throws SipException {
        Request request = dialog.createRequest(method);
        try {
            if (!method.equals(Request.BYE)) {
                request.setHeader(contactHeader());
            }
            request.setHeader(endpoint.headers.createUserAgentHeader(List.of("Parley/0.1")));
        } catch (ParseException e) {
            throw new SipException("Cannot build a " + method + ": " + e.getMessage(), e);
        }
        return request;
    }

    @Override
    public ContactHeader contactHeader() {
        try {
            return endpoint.headers.createContactHeader(endpoint.addresses.createAddress(endpoint.contactUri(settings.user())));
        } catch (ParseException e) {
            throw new IllegalStateException("Cannot make the Contact of " + settings.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<Response> send(Request request) {
        CompletableFuture<Response> result = track(new CompletableFuture<>());
        start(request, result);
        return result;
    }

    @Override
    public CompletionStage<DialogResponse> sendCreatingDialog(Request request) {
        CompletableFuture<DialogResponse> result = track(new CompletableFuture<>());
        try {
            if (request.getHeader(ContactHeader.NAME) == null) {
                request.addHeader(contactHeader());
            }
        } catch (RuntimeException e) {
            fail(result, "cannot add the Contact: " + e.getMessage(), e);
            return result;
        }
        startCreating(request, result);
        return result;
    }

    @Override
    public CompletionStage<Response> sendInDialog(Dialog dialog, Request request) {
        CompletableFuture<Response> result = track(new CompletableFuture<>());
        try {
            checkOpen();
            if (dialog.getRouteSet().hasNext()) {
                // through the proxy that record-routed it; a dialog straight with the peer gets no credentials
                authentication.authorize(request);
            }
            ClientTransaction transaction = endpoint.newTransaction(request);
            endpoint.sendInDialog(dialog, transaction, new Outcome<>(request, result, 0, dialog, Kind.IN_DIALOG));
        } catch (SipException | RuntimeException e) {
            fail(result, "cannot send " + request.getMethod() + ": " + message(e), e);
        }
        return result;
    }

    /** How a request is sent, and so how a retry with credentials is. */
    private enum Kind {
        PLAIN, CREATING_DIALOG, IN_DIALOG
    }

    private void start(Request request, CompletableFuture<Response> result) {
        try {
            checkOpen();
            authentication.authorize(request);
            ClientTransaction transaction = endpoint.newTransaction(request);
            endpoint.send(transaction, new Outcome<>(request, result, 0, null, Kind.PLAIN));
        } catch (SipException | RuntimeException e) {
            fail(result, "cannot send " + request.getMethod() + ": " + message(e), e);
        }
    }

    private void startCreating(Request request, CompletableFuture<DialogResponse> result) {
        try {
            checkOpen();
            authentication.authorize(request);
            ClientTransaction transaction = endpoint.newTransaction(request);
            Dialog dialog = endpoint.provider().getNewDialog(transaction);
            remember(request, dialog);
            endpoint.send(transaction, new Outcome<>(request, result, 0, dialog, Kind.CREATING_DIALOG));
        } catch (SipException | RuntimeException e) {
            fail(result, "cannot send " + request.getMethod() + ": " + message(e), e);
        }
    }

    private void checkOpen() throws SipException {
        if (closed) {
            throw new SipException("account " + settings.id() + " has stopped");
        }
    }

    /** Follows one client transaction (and its retry with credentials) to its final response. */
    private final class Outcome<T> implements SipEndpoint.ResponseHandler {
        private final Request request;
        private final CompletableFuture<T> result;
        private final int challenges;
        private final Dialog dialog;
        private final Kind kind;

        Outcome(Request request, CompletableFuture<T> result, int challenges, Dialog dialog, Kind kind) {
            this.request = request;
            this.result = result;
            this.challenges = challenges;
            this.dialog = dialog;
            this.kind = kind;
        }

        @Override
        public void response(Response response, ClientTransaction transaction) {
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            run(() -> {
                if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                        && challenges == 0) {
                    retry(response, transaction);
                } else {
                    if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                        authentication.refused(response);
                    }
                    complete(response, transaction);
                }
            });
        }

        @Override
        public void failed(String reason) {
            run(() -> fail(result, request.getMethod() + " to " + request.getRequestURI() + " failed: " + reason, null));
        }

        @SuppressWarnings("unchecked")
        private void complete(Response response, ClientTransaction transaction) {
            if (kind == Kind.CREATING_DIALOG) {
                Dialog created = transaction.getDialog() != null ? transaction.getDialog() : dialog;
                ((CompletableFuture<DialogResponse>) result).complete(new DialogResponse(created, response));
            } else {
                ((CompletableFuture<Response>) result).complete(response);
            }
        }

        private void retry(Response challenge, ClientTransaction transaction) {
            try {
                ClientTransaction retry = authentication.answer(challenge, transaction, endpoint.provider());
                switch (kind) {
                    case PLAIN -> endpoint.send(retry, new Outcome<>(request, result, 1, null, kind));
                    case CREATING_DIALOG -> {
                        Dialog next;
                        try {
                            next = endpoint.provider().getNewDialog(retry);
                        } catch (SipException alreadyHasOne) {
                            next = retry.getDialog();
                        }
                        remember(request, next);
                        endpoint.send(retry, new Outcome<>(request, result, 1, next, kind));
                    }
                    case IN_DIALOG -> endpoint.sendInDialog(dialog, retry, new Outcome<>(request, result, 1, dialog, kind));
                }
            } catch (SipException | RuntimeException e) {
                Throwable cause = e.getCause() instanceof MissingPasswordException missing ? missing : e;
                fail(result, request.getMethod() + " to " + request.getRequestURI() + " was challenged ("
                        + challenge.getStatusCode() + ") and cannot be authenticated: " + message(cause), cause);
            }
        }
    }

    private void remember(Request request, Dialog dialog) {
        if (dialog != null) {
            if (createdDialogs.size() >= pruneCreatedDialogsAt) {
                // amortised: scanning at every dialog made a long contact list's subscriptions quadratic
                createdDialogs.values().removeIf(old -> old.getState() == DialogState.TERMINATED);
                pruneCreatedDialogsAt = Math.max(MIN_PRUNE_AT, 2 * createdDialogs.size());
            }
            String ourTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
            createdDialogs.put(dialogKey(request, ourTag), dialog);
        }
    }

    /**
     * The dialog {@link #sendCreatingDialog} made that an incoming request belongs to (same Call-ID,
     * its To tag our From tag), for a NOTIFY that overtook the 2xx of its SUBSCRIBE and that
     * JAIN-SIP then hands over without one (RFC 6665 section 4.1.2.4 allows that order).
     */
    Optional<Dialog> createdDialogOf(Request incoming) {
        String ourTag = ((ToHeader) incoming.getHeader(ToHeader.NAME)).getTag();
        return Optional.ofNullable(createdDialogs.get(dialogKey(incoming, ourTag)))
                .filter(dialog -> dialog.getState() != DialogState.TERMINATED);
    }

    private static String dialogKey(Request request, String tag) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId() + ";" + tag;
    }

    /** Runs {@code work} on the completions' threads, or here once they are gone. */
    private void run(Runnable work) {
        try {
            completions.execute(work);
        } catch (RejectedExecutionException stopped) {
            work.run();
        }
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        pending.add(future);
        future.whenComplete((value, failure) -> pending.remove(future));
        return future;
    }

    private static void fail(CompletableFuture<?> result, String message, Throwable cause) {
        result.completeExceptionally(cause == null ? new SipRequestException(message) : new SipRequestException(message, cause));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The account stops: what is still waiting for an answer fails. */
    void close() {
        closed = true;
        createdDialogs.clear();
        for (CompletableFuture<?> future : List.copyOf(pending)) {
            fail(future, "account " + settings.id() + " stopped before the answer came", null);
        }
    }
}
