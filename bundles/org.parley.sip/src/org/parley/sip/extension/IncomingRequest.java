package org.parley.sip.extension;

import java.util.Optional;

import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A request that came to an account, handed to a {@link SipRequestHandler} with its server
 * transaction, to be answered once with a final response (provisional ones before it if wanted).
 */
public interface IncomingRequest {

    /** The account the request came to, to send requests of its own (e.g. NOTIFYs of a new subscription). */
    SipAccountContext account();

    /** The request. */
    Request request();

    /**
     * The request's event package (the type of its Event header, e.g. {@code presence}), if it
     * has one.
     */
    Optional<String> eventPackage();

    /**
     * The dialog the request came in: e.g. for a NOTIFY, the subscription's dialog that
     * {@link SipAccountContext#sendCreatingDialog} created; empty outside a dialog (until
     * {@link #createDialog()}).
     */
    Optional<Dialog> dialog();

    /** The server transaction (JAIN-SIP's); answer through {@link #respond(Response)} rather than on it directly. */
    ServerTransaction transaction();

    /**
     * Makes the dialog a dialog-creating request (SUBSCRIBE) asks for, before it is answered
     * with 2xx; then {@link #dialog()} returns it and {@link #createResponse} tags responses with
     * its local tag. Returns the existing dialog if there is one.
     *
     * @throws SipException if JAIN-SIP cannot make one
     */
    Dialog createDialog() throws SipException;

    /**
     * A response to the request, not sent yet: with a To tag (the dialog's, if there is one), and
     * for a 2xx to SUBSCRIBE or REFER the account's Contact. Add headers and a body, then
     * {@link #respond(Response)}.
     *
     * @throws SipException if the status is not a valid response status
     */
    Response createResponse(int status) throws SipException;

    /**
     * Sends {@code response} in the request's server transaction.
     *
     * @throws SipException if it cannot be sent (e.g. a final response was sent already)
     */
    void respond(Response response) throws SipException;

    /** Sends {@link #createResponse(int) createResponse(status)}. */
    void respond(int status) throws SipException;

    /** Whether a final response has been sent. */
    boolean answered();
}
