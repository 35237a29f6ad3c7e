package org.parley.sip.internal;

import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.SipException;
import javax.sip.header.RSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Reliable provisional responses (RFC 3262, option tag {@code 100rel}) of one INVITE dialog. As
 * caller it acknowledges each new reliable 1xx with a PRACK and tells retransmissions apart. As
 * callee it sends the ringing response reliably when the caller requires it, and holds the answer
 * back until that response is acknowledged (for 64*T1 at most). Runs on the account's executor.
 */
final class ReliableProvisionals {

    /** How long a callee waits for the PRACK of its reliable response: 64*T1. */
    private static final long PRACK_WAIT_MILLIS = 64 * 500;

    private final SipEndpoint endpoint;
    private final ScheduledExecutorService executor;
    /** Caller: the highest RSeq acknowledged, per early dialog (To tag): forks number theirs apart. */
    private final Map<String, Long> acknowledged = new HashMap<>();
    /** Callee: the answer to send once the reliable response is acknowledged. */
    private Optional<Runnable> heldAnswer = Optional.empty();
    private boolean awaitingPrack;
    private ScheduledFuture<?> prackTimeout;

    ReliableProvisionals(SipEndpoint endpoint, ScheduledExecutorService executor) {
        this.endpoint = endpoint;
        this.executor = executor;
    }

    // ---- caller ----------------------------------------------------------------------------

    /**
     * Takes a provisional response to our INVITE: a reliable one (Require: 100rel, RSeq) is
     * acknowledged with a PRACK in its dialog.
     *
     * @return false for a retransmission of a reliable response already acknowledged, which the
     *         call must ignore
     */
    boolean accept(Response provisional, Dialog dialog) {
        RSeqHeader rseq = (RSeqHeader) provisional.getHeader(RSeqHeader.NAME);
        if (!Extensions.required(provisional, Extensions.RELIABLE_PROVISIONALS) || rseq == null) {
            return true;
        }
        String toTag = String.valueOf(((ToHeader) provisional.getHeader(ToHeader.NAME)).getTag());
        long number = rseq.getSequenceNumber();
        Long last = acknowledged.get(toTag);
        if (last != null && number <= last) {
            return false;
        }
        acknowledged.put(toTag, number);
        sendPrack(provisional, dialog);
        return true;
    }

    private void sendPrack(Response provisional, Dialog dialog) {
        try {
            Request prack = dialog.createPrack(provisional);
            ClientTransaction transaction = endpoint.newTransaction(prack);
            transaction.setApplicationData(new SipEndpoint.ResponseHandler() {
                @Override
                public void response(Response response, ClientTransaction tx) {
                    // 200: acknowledged; an error leaves the far end retransmitting until it gives up
                }

                @Override
                public void failed(String reason) {
                    // the far end retransmits its response and we acknowledge that one
                }
            });
            endpoint.traceSent(prack, String.valueOf(prack.getRequestURI()));
            dialog.sendRequest(transaction);
        } catch (SipException | RuntimeException e) {
            endpoint.traceProblem("cannot send PRACK", e);
        }
    }

    // ---- callee ----------------------------------------------------------------------------

    /**
     * Sends a provisional response to the INVITE reliably; {@code complete} adds what the call
     * puts in every response (To tag, Contact).
     */
    void sendReliably(Dialog dialog, int status, ResponseCompletion complete)
            throws SipException, InvalidArgumentException, ParseException {
        Response response = dialog.createReliableProvisionalResponse(status);
        complete.complete(response);
        dialog.sendReliableProvisionalResponse(response);
        endpoint.traceSent(response, String.valueOf(dialog.getRemoteTarget()));
        awaitingPrack = true;
    }

    /** Adds the call's own headers to a response. */
    interface ResponseCompletion {
        void complete(Response response) throws ParseException;
    }

    /** Whether an answer waits for the PRACK. */
    boolean answerHeld() {
        return heldAnswer.isPresent();
    }

    /**
     * Runs {@code answer} once no reliable response waits for its PRACK: at once, or when the PRACK
     * arrives; {@code noPrack} instead if none comes within 64*T1.
     */
    void answerWhenAcknowledged(Runnable answer, Runnable noPrack) {
        if (!awaitingPrack) {
            answer.run();
            return;
        }
        heldAnswer = Optional.of(answer);
        prackTimeout = executor.schedule(() -> {
            if (heldAnswer.isPresent()) {
                heldAnswer = Optional.empty();
                noPrack.run();
            }
        }, PRACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A PRACK for our reliable response (the stack let through only a matching one): 200, then the held answer. */
    void prackReceived(RequestEvent event) {
        try {
            endpoint.respond(event, endpoint.messages.createResponse(Response.OK, event.getRequest()));
        } catch (SipException | ParseException e) {
            endpoint.traceProblem("cannot answer PRACK", e);
        }
        awaitingPrack = false;
        if (prackTimeout != null) {
            prackTimeout.cancel(false);
        }
        Optional<Runnable> answer = heldAnswer;
        heldAnswer = Optional.empty();
        answer.ifPresent(Runnable::run);
    }

    /** The call ended or was refused: a held answer is no longer wanted. */
    void discard() {
        heldAnswer = Optional.empty();
        if (prackTimeout != null) {
            prackTimeout.cancel(false);
        }
    }
}
