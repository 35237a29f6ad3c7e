package org.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.SipException;
import javax.sip.header.ReferToHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;

/**
 * Transfers of one call (RFC 3515 REFER with message/sipfrag NOTIFYs). As transferor it asks the
 * far end to call a target and follows its NOTIFYs: once the far end reached the target, our part
 * of the call is over. As transferee it accepts the far end's REFER, places the call to the target
 * and reports by NOTIFY how that call goes. Runs on the account's executor.
 */
final class CallTransfer {

    private final CallManager manager;
    private final SipEndpoint endpoint;
    private final SipCall call;
    /** Whom we asked the far end to call, while that is under way. */
    private Optional<Address> target = Optional.empty();
    /** Tells the transferor (of a call we placed because it asked) how the call went. */
    private Consumer<String> outcomeReport = outcome -> { };

    CallTransfer(CallManager manager, SipCall call) {
        this.manager = manager;
        this.endpoint = manager.endpoint();
        this.call = call;
    }

    /** Asks the far end to call {@code to} instead (RFC 3515); the outcome arrives as NOTIFY. */
    void refer(Address to) {
        try {
            Request refer = call.inDialogRequest(Request.REFER);
            refer.addHeader(endpoint.headers.createReferToHeader(endpoint.addresses.createAddress(to.uri())));
            target = Optional.of(to);
            call.sendInDialog(refer, new SipEndpoint.ResponseHandler() {
                @Override
                public void response(Response response, ClientTransaction transaction) {
                    if (response.getStatusCode() >= 300) {
                        manager.executor().execute(() -> target = Optional.empty());
                    }
                }

                @Override
                public void failed(String reason) {
                    manager.executor().execute(() -> target = Optional.empty());
                }
            });
        } catch (SipException | ParseException | RuntimeException e) {
            target = Optional.empty();
            endpoint.traceProblem("cannot send REFER", e);
        }
    }

    /** A NOTIFY about our REFER: once the far end reached the target, our part of the call is over. */
    void notified(Request notify) {
        byte[] body = notify.getRawContent();
        if (target.isEmpty() || body == null) {
            return;
        }
        String[] statusLine = new String(body, StandardCharsets.UTF_8).strip().split("\\s+", 3);
        if (statusLine.length < 2 || !statusLine[1].matches("\\d{3}")) {
            return;
        }
        int status = Integer.parseInt(statusLine[1]);
        if (status >= 200 && status < 300) {
            call.handedOver("to " + target.get());
        } else if (status >= 300) {
            target = Optional.empty();
        }
    }

    /** The far end asks us to call someone else (blind transfer): accept, call, report by NOTIFY. */
    void referred(RequestEvent event) {
        ReferToHeader referTo = (ReferToHeader) event.getRequest().getHeader(ReferToHeader.NAME);
        if (referTo == null || call.ended()) {
            manager.respond(event, Response.BAD_REQUEST);
            return;
        }
        manager.respond(event, Response.ACCEPTED);
        sendNotify("SIP/2.0 100 Trying", false);
        Address next = new Address(referTo.getAddress().getURI().toString());
        try {
            SipCall placed = (SipCall) manager.call(next);
            placed.transfer().outcomeReport = outcome -> manager.executor().execute(() -> sendNotify(outcome, true));
        } catch (IllegalStateException | IllegalArgumentException e) {
            sendNotify("SIP/2.0 503 Service Unavailable", true);
        }
    }

    /** Tells whoever asked for this call (a transferor, by NOTIFY) how it went, as a status line; once. */
    void report(String sipfrag) {
        Consumer<String> once = outcomeReport;
        outcomeReport = outcome -> { };
        once.accept(sipfrag);
    }

    private void sendNotify(String sipfrag, boolean terminated) {
        try {
            Request notify = call.inDialogRequest(Request.NOTIFY);
            notify.addHeader(endpoint.headers.createEventHeader("refer"));
            SubscriptionStateHeader subscription = endpoint.headers
                    .createSubscriptionStateHeader(terminated ? "terminated" : "active");
            if (terminated) {
                subscription.setReasonCode("noresource");
            } else {
                subscription.setExpires(60);
            }
            notify.addHeader(subscription);
            notify.setContent(sipfrag, endpoint.headers.createContentTypeHeader("message", "sipfrag"));
            call.sendInDialog(notify, SipCall.IGNORE);
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            endpoint.traceProblem("cannot send NOTIFY", e);
        }
    }
}
