package org.parley.sip.extension;

/**
 * Handles incoming SIP requests of some methods (and event packages) for SIP accounts: a
 * whiteboard service that other bundles register, described by its service properties:
 *
 * <ul>
 * <li>{@value #METHODS} (required): the methods it handles, a string (comma-separated) or an
 * array or collection of strings, e.g. {@code MESSAGE};</li>
 * <li>{@value #EVENTS} (for SUBSCRIBE, NOTIFY and PUBLISH): the event packages it handles (RFC
 * 6665 Event header), e.g. {@code presence}; without it, every package;</li>
 * <li>{@link org.parley.core.ServiceProperties#ACCOUNT_ID} (optional): only requests to that
 * account; without it, every SIP account's;</li>
 * <li>{@code service.ranking}: when several handlers match a request, the highest ranking (then
 * the oldest service) gets it, and only that one.</li>
 * </ul>
 *
 * <p>
 * The SIP bundle takes the request in a server transaction on JAIN-SIP's thread (so
 * retransmissions are absorbed) and calls {@link #handle} on a thread of the account's that it
 * keeps for extensions: requests of one account reach handlers one at a time, in the order they
 * came. Return quickly (the account's next request waits) and answer every request except ACK,
 * now or later, through {@link IncomingRequest#respond}. A handler that throws before answering
 * makes the request answered with 500; other handlers and requests are not disturbed. Handlers
 * may come and go at any time: a request goes to the handlers registered when it arrives.
 *
 * <p>
 * Requests no handler takes get the SIP bundle's answers: OPTIONS 200 (with Allow and
 * Allow-Events listing the methods and packages handled); NOTIFY of a call's transfer (Event:
 * refer) goes to the call; SUBSCRIBE, NOTIFY or PUBLISH of a package no handler takes 489 Bad
 * Event (405 when no handler takes SUBSCRIBE or PUBLISH at all); other methods 405 (MESSAGE,
 * UPDATE) or 501, with Allow. INVITE, ACK, BYE, CANCEL, PRACK, INFO and REFER belong to calls and
 * never reach handlers.
 */
@FunctionalInterface
public interface SipRequestHandler {

    /** Service property: the methods handled (string, comma-separated, or array/collection of strings). */
    String METHODS = "parley.sip.methods";

    /** Service property: the event packages handled for SUBSCRIBE, NOTIFY and PUBLISH (same forms). */
    String EVENTS = "parley.sip.events";

    /**
     * Handles one request; answer it through {@code request}.
     *
     * @throws Exception anything: the request is then answered with 500 if it was not answered yet
     */
    void handle(IncomingRequest request) throws Exception;
}
