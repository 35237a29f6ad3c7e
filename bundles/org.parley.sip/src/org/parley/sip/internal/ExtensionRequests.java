package org.parley.sip.internal;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import javax.sip.RequestEvent;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.sip.extension.SipRequestHandler;

/**
 * The requests of one account that calls do not take: handed to the {@link SipRequestHandler}
 * that takes them on the account's extension thread, or answered here when none does (OPTIONS
 * 200, 489 Bad Event, 405, 501), with Allow and Allow-Events saying what the account takes now.
 */
final class ExtensionRequests implements SipEndpoint.RequestHandler {

    /** The methods the SIP bundle itself takes (calls, OPTIONS). */
    static final List<String> BUILT_IN = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE,
            Request.OPTIONS, Request.INFO, Request.REFER, Request.NOTIFY, Request.PRACK);
    /** Methods answered 405 (known, not allowed here) rather than 501 when no handler takes them. */
    private static final Set<String> KNOWN = Set.of(Request.MESSAGE, Request.SUBSCRIBE, Request.PUBLISH,
            Request.UPDATE, Request.REGISTER);

    /** How long a NOTIFY waits for the handler of its subscription to be bound before 489 answers it. */
    private static final Duration NOTIFY_PATIENCE = Duration.ofSeconds(1);

    private final AccountContext account;
    private final RequestHandlers handlers;
    private final ExecutorService executor;

    ExtensionRequests(AccountContext account, RequestHandlers handlers, ExecutorService executor) {
        this.account = account;
        this.handlers = handlers;
        this.executor = executor;
    }

    /** On JAIN-SIP's thread: the request (with its server transaction) goes to the extension thread. */
    @Override
    public void request(RequestEvent event) {
        if (event.getRequest().getMethod().equals(Request.ACK)) {
            return;
        }
        try {
            executor.execute(() -> dispatch(event));
        } catch (RejectedExecutionException stopping) {
            // the account is stopping; the far end retransmits to nobody and gives up
        }
    }

    private void dispatch(RequestEvent event) {
        Incoming incoming = new Incoming(account, event);
        Request request = event.getRequest();
        String method = request.getMethod();
        Optional<String> eventPackage = Incoming.eventPackageOf(request);
        Optional<SipRequestHandler> handler = handlers.find(account.accountId(), method, eventPackage);
        if (handler.isEmpty() && method.equals(Request.NOTIFY)) {
            try {
                handler = handlers.awaitHandler(account.accountId(), method, eventPackage, NOTIFY_PATIENCE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (handler.isPresent()) {
                handle(handler.get(), incoming);
            } else if (method.equals(Request.OPTIONS)) {
                Response ok = incoming.createResponse(Response.OK);
                describe(ok);
                incoming.respond(ok);
            } else if (RequestHandlers.EVENT_METHODS.contains(method)
                    && (method.equals(Request.NOTIFY) || handlers.takesMethod(account.accountId(), method))) {
                Response bad = incoming.createResponse(Response.BAD_EVENT);
                describe(bad);
                incoming.respond(bad);
            } else {
                Response refused = incoming.createResponse(
                        KNOWN.contains(method) ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED);
                describe(refused);
                incoming.respond(refused);
            }
        } catch (SipException | RuntimeException e) {
            account.endpoint().traceProblem("cannot answer " + method, e);
        }
    }

    private void handle(SipRequestHandler handler, Incoming incoming) throws SipException {
        try {
            handler.handle(incoming);
        } catch (Exception | LinkageError e) {
            account.endpoint().traceProblem("the handler of " + incoming.request().getMethod() + " failed: " + e);
            if (!incoming.answered()) {
                Response error = incoming.createResponse(Response.SERVER_INTERNAL_ERROR);
                try {
                    error.setReasonPhrase("Server Internal Error (" + e.getClass().getSimpleName() + ")");
                } catch (java.text.ParseException ignored) {
                    // keep the standard phrase
                }
                incoming.respond(error);
            }
        }
    }

    /** Adds Allow (and Allow-Events when some package is handled) as the account's handlers are now. */
    void describe(Response response) throws SipException {
        try {
            response.setHeader(account.headerFactory().createAllowHeader(String.join(", ", allowed())));
            Set<String> events = handlers.events(account.accountId());
            if (!events.isEmpty()) {
                response.setHeader(account.headerFactory().createHeader("Allow-Events", String.join(", ", events)));
            }
        } catch (java.text.ParseException e) {
            throw new SipException("Cannot describe the account's methods: " + e.getMessage(), e);
        }
    }

    /** The methods the account takes now: the built-in ones and its handlers'. */
    Set<String> allowed() {
        Set<String> methods = new LinkedHashSet<>(BUILT_IN);
        methods.addAll(handlers.methods(account.accountId()));
        return methods;
    }
}
