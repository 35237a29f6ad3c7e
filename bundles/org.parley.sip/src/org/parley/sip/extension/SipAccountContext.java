package org.parley.sip.extension;

import java.util.concurrent.CompletionStage;

import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.account.AccountId;

/**
 * One running SIP account, as extensions see it: registered by the SIP bundle as an OSGi service
 * with the account's id in the {@link org.parley.core.ServiceProperties#ACCOUNT_ID} property (and
 * {@code parley.protocol=sip}) while the account's SIP stack runs, unregistered before it stops.
 * Track it (e.g. a DS dynamic reference with a target filter on the account id) rather than
 * keeping it: after it is unregistered its requests fail.
 *
 * <p>
 * Requests built with {@link #newRequest} go where the account's other requests outside a dialog
 * go (its outbound proxy, else its registrar for an account that registers, else straight to the
 * target). Every {@code send} method answers one 401/407 challenge with the account's credentials
 * and completes its stage with the <em>final</em> response, whatever its status (a 404 is an
 * answer); the stage fails with a {@link SipRequestException} only when no final response came
 * (timeout, transport failure, credentials missing, account stopped). Stages complete on a
 * thread of the SIP bundle that is neither JAIN-SIP's nor a handler's, so waiting for one in a
 * {@link SipRequestHandler} is safe. Thread-safe.
 */
public interface SipAccountContext {

    /** The account's id (the value of its {@code parley.account.id} property). */
    AccountId accountId();

    /** The account's address of record with its display name, as its From headers carry it (a copy). */
    Address addressOfRecord();

    /** JAIN-SIP's address factory of the account's stack. */
    AddressFactory addressFactory();

    /** JAIN-SIP's header factory of the account's stack. */
    HeaderFactory headerFactory();

    /** JAIN-SIP's message factory of the account's stack. */
    MessageFactory messageFactory();

    /**
     * A new request from the account outside any dialog: Request-URI and To are {@code target};
     * From is the address of record with a new tag; a new Call-ID, CSeq 1, a Via asking for
     * rport (RFC 3581), Max-Forwards 70 and User-Agent. No Contact (add {@link #contactHeader()}
     * when the request wants one; {@link #sendCreatingDialog} adds it itself). Add the body and
     * the method's headers (Event, Expires, Content-Type …), then send it with {@link #send} or
     * {@link #sendCreatingDialog}.
     *
     * @param method e.g. {@code MESSAGE}, {@code SUBSCRIBE}, {@code PUBLISH}
     * @param target the address the request is for, e.g. {@code sip:bob@example.org}
     * @throws SipException if the request cannot be built (the message says why)
     */
    Request newRequest(String method, URI target) throws SipException;

    /**
     * A new request in {@code dialog} (e.g. a NOTIFY of a subscription this account serves, a
     * SUBSCRIBE refresh or un-SUBSCRIBE): built by the dialog (Call-ID, tags, CSeq, route set,
     * remote target), with the account's Contact and User-Agent. Send it with {@link #sendInDialog}.
     *
     * @throws SipException if the dialog cannot make one (e.g. it has ended)
     */
    Request newRequest(Dialog dialog, String method) throws SipException;

    /** A Contact header with the address at which this account is reached now (learned from its registrar when behind NAT). */
    ContactHeader contactHeader();

    /**
     * Sends a request outside any dialog (e.g. MESSAGE, PUBLISH, OPTIONS) in a new client
     * transaction.
     *
     * @return the final response (any status), or a failure with a {@link SipRequestException}
     */
    CompletionStage<Response> send(Request request);

    /**
     * Sends a request that creates a dialog (SUBSCRIBE; RFC 6665): the dialog is made before the
     * request leaves, so requests that come in it (NOTIFY, possibly before the response) reach the
     * {@link SipRequestHandler}s with {@link IncomingRequest#dialog()} set to it. Adds the
     * account's Contact if the request has none. The caller owns the dialog: the SIP bundle does
     * not end subscriptions, so {@link Dialog#delete()} it once the subscription is over (a
     * NOTIFY with {@code Subscription-State: terminated}, or a failed refresh).
     *
     * @return the dialog and the final response; with a non-2xx response the dialog is unusable
     */
    CompletionStage<DialogResponse> sendCreatingDialog(Request request);

    /**
     * Sends a request in {@code dialog}, e.g. one made by {@link #newRequest(Dialog, String)}.
     *
     * @return the final response (any status; a 481 says the far end forgot the dialog), or a
     *         failure with a {@link SipRequestException}
     */
    CompletionStage<Response> sendInDialog(Dialog dialog, Request request);
}
