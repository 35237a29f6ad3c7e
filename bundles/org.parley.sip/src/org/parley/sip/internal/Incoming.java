package org.parley.sip.internal;

import java.text.ParseException;
import java.util.Optional;

import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.EventHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;

/** A request handed to a {@link org.parley.sip.extension.SipRequestHandler}, answered through the account's endpoint. */
final class Incoming implements IncomingRequest {

    private final AccountContext account;
    private final RequestEvent event;
    private volatile Dialog dialog;
    private volatile boolean answered;

    Incoming(AccountContext account, RequestEvent event) {
        this.account = account;
        this.event = event;
        this.dialog = event.getDialog();
    }

    @Override
    public SipAccountContext account() {
        return account;
    }

    @Override
    public Request request() {
        return event.getRequest();
    }

    @Override
    public Optional<String> eventPackage() {
        return eventPackageOf(event.getRequest());
    }

    static Optional<String> eventPackageOf(Request request) {
        return request.getHeader(EventHeader.NAME) instanceof EventHeader header
                ? Optional.ofNullable(header.getEventType()).map(String::strip)
                : Optional.empty();
    }

    @Override
    public Optional<Dialog> dialog() {
        Dialog current = dialog;
        if (current == null && event.getServerTransaction() != null) {
            current = event.getServerTransaction().getDialog();
        }
        return current != null ? Optional.of(current) : account.createdDialogOf(event.getRequest());
    }

    @Override
    public ServerTransaction transaction() {
        return event.getServerTransaction();
    }

    @Override
    public synchronized Dialog createDialog() throws SipException {
        Optional<Dialog> existing = dialog();
        if (existing.isPresent()) {
            return existing.get();
        }
        dialog = account.endpoint().provider().getNewDialog(event.getServerTransaction());
        return dialog;
    }

    @Override
    public Response createResponse(int status) throws SipException {
        try {
            Request request = event.getRequest();
            Response response = account.messageFactory().createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to.getTag() == null) {
                String tag = dialog().map(Dialog::getLocalTag).orElse(null);
                to.setTag(tag != null ? tag : Long.toHexString(Double.doubleToLongBits(Math.random())));
            }
            String method = request.getMethod();
            if (status >= 200 && status < 300 && (method.equals(Request.SUBSCRIBE) || method.equals(Request.REFER))) {
                response.setHeader(account.contactHeader());
            }
            return response;
        } catch (ParseException | IllegalArgumentException e) {
            throw new SipException("Cannot make a " + status + " response: " + e.getMessage(), e);
        }
    }

    @Override
    public void respond(Response response) throws SipException {
        account.endpoint().respond(event.getServerTransaction(), response);
        if (response.getStatusCode() >= 200) {
            answered = true;
        }
    }

    @Override
    public void respond(int status) throws SipException {
        respond(createResponse(status));
    }

    @Override
    public boolean answered() {
        return answered;
    }
}
