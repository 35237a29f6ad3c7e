package org.parley.sip.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.account.RegistrationState;
import org.parley.sip.internal.location.ServerLocation;
import org.parley.sip.internal.location.Target;

/**
 * Keeps a registered account's path to its server open: NAT bindings on the way, and the
 * connection the server reaches the account over (incoming calls come that way).
 *
 * <p>
 * Every keep-alive interval, while the account is registered and no REGISTER is on its way, it
 * sends to the server target in use ({@link ServerLocation#current()}: the outbound proxy, else the registrar):
 * <ul>
 * <li>over <b>UDP</b> an out-of-dialog {@code OPTIONS} (From and To the address of record, Via with
 * {@code rport}); any response, even an error, shows the server is alive. The OPTIONS is given up
 * after 64 T1 with T1 = interval / 64 (between 50 and 500 ms), so it is answered or given up
 * within about one interval, and a new one is sent only when the last one is over. When one
 * gets no answer at all, the account registers again at once ({@link Registration#serverSilent}):
 * if the server is gone, that REGISTER fails too and the registration goes to its retry and
 * backoff path instead of looking registered until its refresh. A server that never answered
 * an OPTIONS (some drop them) gets CRLF datagrams from then on;</li>
 * <li>over <b>TCP</b> and <b>TLS</b> a double CRLF on the account's connection (RFC 5626, section
 * 4.4.1), which keeps it open past the server's idle timeout. When it cannot be sent (the
 * connection is gone and the server refuses a new one), the account registers again at once.</li>
 * </ul>
 * Work runs on the account's executor; JAIN-SIP's threads only hand responses over.
 */
final class KeepAlive {

    private static final Duration SHORTEST_T1 = Duration.ofMillis(50);
    private static final Duration LONGEST_T1 = Duration.ofMillis(500);

    private final AccountSettings settings;
    private final SipEndpoint endpoint;
    private final ServerLocation server;
    private final Registration registration;
    private final ScheduledExecutorService executor;
    private final CallIdHeader callId;
    private long sequence = 1;

    // only touched on the executor
    private boolean optionsPending;
    private boolean optionsEverAnswered;
    private boolean crlfOnly;

    KeepAlive(AccountSettings settings, SipEndpoint endpoint, ServerLocation server, Registration registration,
            ScheduledExecutorService executor) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.server = server;
        this.registration = registration;
        this.executor = executor;
        this.callId = endpoint.provider().getNewCallId();
        this.crlfOnly = endpoint.transport() != Transport.UDP;
    }

    /** Starts the keep-alives, unless the interval is 0; they end with the executor. */
    void start() {
        Duration interval = settings.keepAlive();
        if (interval.isZero()) {
            return;
        }
        executor.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** T1 of the keep-alive OPTIONS: its transaction is given up after 64 T1, about one interval. */
    static Duration retransmitTimer(Duration interval) {
        Duration t1 = interval.dividedBy(64);
        return t1.compareTo(SHORTEST_T1) < 0 ? SHORTEST_T1 : t1.compareTo(LONGEST_T1) > 0 ? LONGEST_T1 : t1;
    }

    private void tick() {
        Optional<Target> target = server.current();
        if (!(registration.state() instanceof RegistrationState.Registered) || registration.refreshing()
                || target.isEmpty()) {
            return;
        }
        if (crlfOnly) {
            sendCrlf(target.get());
        } else if (!optionsPending) {
            sendOptions(target.get());
        }
    }

    private void sendCrlf(Target target) {
        try {
            endpoint.sendKeepAlive(new InetSocketAddress(target.address(), target.port()));
        } catch (IOException | RuntimeException e) {
            String problem = "cannot send a keep-alive to " + target + ": " + e.getMessage();
            if (endpoint.transport() == Transport.UDP) {
                endpoint.traceProblem(problem); // a datagram that cannot go is simply lost
            } else {
                // the connection is gone and the server refuses a new one
                registration.serverSilent(problem);
            }
        }
    }

    private void sendOptions(Target target) {
        try {
            ClientTransaction transaction = endpoint.newTransaction(buildOptions());
            transaction.setRetransmitTimer((int) retransmitTimer(settings.keepAlive()).toMillis());
            optionsPending = true;
            endpoint.send(transaction, new SipEndpoint.ResponseHandler() {
                @Override
                public void response(Response response, ClientTransaction done) {
                    executor.execute(() -> answered(response));
                }

                @Override
                public void failed(String reason) {
                    executor.execute(() -> unanswered(target, reason));
                }
            });
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            optionsPending = false;
            endpoint.traceProblem("cannot send a keep-alive OPTIONS to " + target, e);
        }
    }

    private void answered(Response response) {
        optionsEverAnswered = true;
        if (response.getStatusCode() >= 200) {
            optionsPending = false;
        }
    }

    private void unanswered(Target target, String reason) {
        optionsPending = false;
        if (!optionsEverAnswered) {
            // a server that never answered an OPTIONS may drop them on purpose: CRLF from now on
            crlfOnly = true;
        }
        registration.serverSilent("keep-alive OPTIONS to " + target + " unanswered (" + reason + ")");
    }

    /** An OPTIONS for the server itself: the Request-URI names the first hop. */
    private Request buildOptions() throws ParseException, InvalidArgumentException {
        SipURI server = AccountRequests.serverUri(endpoint, settings.firstHop());
        return AccountRequests.build(endpoint, settings, Request.OPTIONS, server, callId, sequence++);
    }
}
