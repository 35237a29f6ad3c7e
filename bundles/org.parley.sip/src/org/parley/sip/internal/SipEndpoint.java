package org.parley.sip.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.ClientTransactionExt;
import gov.nist.javax.sip.ListeningPointExt;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.SecureAccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;

import org.parley.sip.internal.location.ServerLocation;
import org.parley.tls.ServerTrust;
import org.parley.sip.internal.tls.SocketFactory;

/**
 * One account's SIP stack: a JAIN-SIP stack with one listening point, the factories to build
 * messages, and the dispatch of what arrives to the handlers that asked for it. Responses go to
 * the {@link ResponseHandler} given when the request was sent; requests go to the
 * {@link RequestHandler} registered for their method.
 */
final class SipEndpoint implements SipListener, AutoCloseable {

    /** JAIN-SIP's threads that parse and dispatch received messages (UDP). */
    private static final int MESSAGE_THREADS = 4;

    /** Receives the outcome of one client transaction. */
    interface ResponseHandler {
        void response(Response response, ClientTransaction transaction);

        /** No final response came in time (Timer B or F), or the transport failed. */
        void failed(String reason);
    }

    /** Handles incoming requests of one method. */
    interface RequestHandler {
        void request(RequestEvent event);
    }

    final AddressFactory addresses = new AddressFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    private final SipStack stack;
    private final ListeningPoint listeningPoint;
    private final SipProvider provider;
    private final Transport transport;
    private final SipTrace trace;
    private final Optional<ServerTrust> tls;
    private volatile HostPort publicAddress;
    private final Map<String, RequestHandler> requestHandlers = new ConcurrentHashMap<>();
    private volatile RequestHandler others;

    /**
     * Starts a stack listening on {@code localAddress:localPort} (a free port if 0), which sends
     * requests for the account's server (outbound proxy, else registrar) where {@code server} says.
     *
     * @throws SipException with a readable message if the port cannot be had
     */
    SipEndpoint(String name, InetAddress localAddress, int localPort, Transport transport,
            String outboundProxy, ServerLocation server, Optional<ServerTrust> tls, SipTrace trace,
            java.nio.file.Path stackLog) throws SipException {
        this.transport = transport;
        this.trace = trace;
        this.tls = tls;
        int port = localPort != 0 ? localPort : freePort(localAddress);
        SocketFactory sockets;
        try {
            sockets = new SocketFactory(tls, port);
        } catch (GeneralSecurityException e) {
            throw new SipException("TLS cannot be set up: " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "parley-" + name);
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // Errors only, to a file of the account's: with logging off JAIN-SIP fails on its own warnings.
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        properties.setProperty("gov.nist.javax.sip.DEBUG_LOG", stackLog.toString());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOG", stackLog.toString());
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // Without a pool JAIN-SIP starts a thread for every UDP datagram it receives.
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(MESSAGE_THREADS));
        if (tls.isPresent()) {
            properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(", ", SocketFactory.protocols()));
            properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ", sockets.cipherSuites()));
            properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        }
        if (!outboundProxy.isEmpty()) {
            HostPort proxy = HostPort.parse(outboundProxy);
            properties.setProperty("javax.sip.OUTBOUND_PROXY",
                    proxy.host() + ":" + proxy.portOr(transport.defaultPort()) + "/" + transport.lowerCase());
        }
        stack = AccountStack.create(properties, sockets, server);
        try {
            listeningPoint = stack.createListeningPoint(localAddress.getHostAddress(), port, transport.lowerCase());
            provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(this);
            stack.start();
        } catch (SipException | TooManyListenersException | InvalidArgumentException | RuntimeException e) {
            stack.stop();
            throw new SipException("Cannot listen for SIP on " + localAddress.getHostAddress() + ":" + port + "/"
                    + transport + ": " + e.getMessage(), e);
        }
    }

    SipProvider provider() {
        return provider;
    }

    /** A digest-authentication helper of this stack that takes HA1 credentials from {@code accounts}. */
    AuthenticationHelper authentication(SecureAccountManager accounts) {
        return ((SipStackExt) stack).getSecureAuthenticationHelper(accounts, headers);
    }

    String localHost() {
        return listeningPoint.getIPAddress();
    }

    int localPort() {
        return listeningPoint.getPort();
    }

    Transport transport() {
        return transport;
    }

    /**
     * The address this account is reached at: where its registrar saw its requests come from
     * (RFC 3581 {@code received} and {@code rport}) once learned, else its local address.
     */
    SipURI contactUri(String user) throws ParseException {
        HostPort reachable = publicAddress;
        SipURI contact = addresses.createSipURI(user, reachable == null ? localHost() : reachable.host());
        contact.setPort(reachable == null ? localPort() : reachable.portOr(localPort()));
        if (transport != Transport.UDP) {
            contact.setTransportParam(transport.lowerCase());
        }
        return contact;
    }

    /**
     * Notes where a server saw this account's request come from.
     *
     * @return whether that differs from the address used in Contact headers so far (which then
     *         changes to it)
     */
    boolean learnPublicAddress(String host, int port) {
        HostPort seen = new HostPort(host, java.util.OptionalInt.of(port));
        HostPort current = publicAddress != null ? publicAddress
                : new HostPort(localHost(), java.util.OptionalInt.of(localPort()));
        if (seen.equals(current)) {
            return false;
        }
        publicAddress = seen;
        return true;
    }

    /** The server certificate the latest TLS handshake refused, if it refused one. */
    Optional<ServerTrust.Refusal> certificateRefusal() {
        return tls.flatMap(ServerTrust::lastRefusal);
    }

    void handle(String method, RequestHandler handler) {
        requestHandlers.put(method, handler);
    }

    /** Where requests of methods no {@link #handle} handler takes go (the account's extensions); null: 501. */
    void handleOthers(RequestHandler handler) {
        others = handler;
    }

    /**
     * Hands a request that its method's handler does not take (e.g. a NOTIFY of no call) to the
     * handler of {@link #handleOthers}; without one, answers as for an unknown method.
     */
    void toOthers(RequestEvent event) {
        RequestHandler handler = others;
        if (handler != null) {
            handler.request(event);
            return;
        }
        Request request = event.getRequest();
        try {
            if (request.getMethod().equals(Request.OPTIONS)) {
                respond(event, messages.createResponse(Response.OK, request));
            } else if (!request.getMethod().equals(Request.ACK)) {
                respond(event, messages.createResponse(Response.NOT_IMPLEMENTED, request));
            }
        } catch (SipException | java.text.ParseException e) {
            traceProblem("cannot answer " + request.getMethod(), e);
        }
    }

    /** Sends a request in a new client transaction; its outcome goes to {@code handler}. */
    ClientTransaction send(Request request, ResponseHandler handler) throws SipException {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        transaction.setApplicationData(handler);
        send(transaction, handler);
        return transaction;
    }

    /** A new client transaction for {@code request}, not sent yet (so that a dialog can be made for it first). */
    ClientTransaction newTransaction(Request request) throws SipException {
        return provider.getNewClientTransaction(request);
    }

    /** Sends a client transaction of an in-dialog request through its dialog; its outcome goes to {@code handler}. */
    void sendInDialog(javax.sip.Dialog dialog, ClientTransaction transaction, ResponseHandler handler)
            throws SipException {
        transaction.setApplicationData(handler);
        trace("sent", transaction.getRequest(), String.valueOf(transaction.getRequest().getRequestURI()));
        dialog.sendRequest(transaction);
    }

    /** Sends an ACK or an in-dialog request through its dialog, tracing it. */
    void traceSent(javax.sip.message.Message message, String remote) {
        trace("sent", message, remote);
    }

    /** Notes in the trace something that went wrong and is not visible as a message. */
    void traceProblem(String what, Exception problem) {
        traceProblem(what + ": " + problem);
    }

    /** Notes in the trace something that went wrong and is not visible as a message. */
    void traceProblem(String what) {
        if (trace.enabled()) {
            trace.log("problem", transport.name(), localHost() + ":" + localPort(), "-", what);
        }
    }

    /** Sends a prepared client transaction (e.g. a request retried with credentials). */
    void send(ClientTransaction transaction, ResponseHandler handler) throws SipException {
        transaction.setApplicationData(handler);
        trace("sent", transaction.getRequest(), nextHopOf(transaction));
        transaction.sendRequest();
    }

    /** Answers a request statelessly or in its server transaction. */
    void respond(RequestEvent event, Response response) throws SipException {
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            transaction = provider.getNewServerTransaction(event.getRequest());
        }
        trace("sent", response, remoteOf(event.getRequest()));
        try {
            transaction.sendResponse(response);
        } catch (InvalidArgumentException e) {
            throw new SipException("Cannot send " + response.getStatusCode() + ": " + e.getMessage(), e);
        }
    }

    /** Sends a response in a server transaction the caller keeps (e.g. an INVITE's). */
    void respond(ServerTransaction transaction, Response response) throws SipException {
        trace("sent", response, remoteOf(transaction.getRequest()));
        try {
            transaction.sendResponse(response);
        } catch (InvalidArgumentException e) {
            throw new SipException("Cannot send " + response.getStatusCode() + ": " + e.getMessage(), e);
        }
    }

    /** Sends CRLF keep-alives to the given server (RFC 5626 style) to keep NAT bindings and connections open. */
    void sendKeepAlive(InetSocketAddress server) throws IOException {
        ((ListeningPointExt) listeningPoint).sendHeartbeat(server.getAddress().getHostAddress(), server.getPort());
    }

    @Override
    public void processRequest(RequestEvent received) {
        Request request = received.getRequest();
        trace("received", request, remoteOf(request));
        RequestEvent event = withServerTransaction(received);
        if (event == null) {
            return;
        }
        RequestHandler handler = requestHandlers.get(request.getMethod());
        if (handler != null) {
            handler.request(event);
        } else {
            toOthers(event);
        }
    }

    /**
     * The event with its server transaction, made here on JAIN-SIP's thread so that the stack
     * absorbs retransmissions while a handler works on another thread; null for a retransmission
     * of a request whose transaction exists already. ACK has no transaction.
     */
    private RequestEvent withServerTransaction(RequestEvent event) {
        if (event.getServerTransaction() != null || event.getRequest().getMethod().equals(Request.ACK)) {
            return event;
        }
        try {
            ServerTransaction transaction = provider.getNewServerTransaction(event.getRequest());
            // a NOTIFY overtaking its SUBSCRIBE's 2xx comes with the subscription's dialog in the event only
            javax.sip.Dialog dialog = event.getDialog() != null ? event.getDialog() : transaction.getDialog();
            return new RequestEvent(event.getSource(), transaction, dialog, event.getRequest());
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        } catch (SipException e) {
            traceProblem("cannot take " + event.getRequest().getMethod(), e);
            return null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        trace("received", response, remoteOf(response));
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction != null && transaction.getApplicationData() instanceof ResponseHandler handler) {
            handler.response(response, transaction);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction != null && transaction.getApplicationData() instanceof ResponseHandler handler) {
            handler.failed("no answer from " + nextHopOf(transaction));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // Transactions that were using the failed connection time out and report it themselves.
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    @Override
    public void close() {
        int port = localPort();
        String host = localHost();
        try {
            provider.removeSipListener(this);
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (ObjectInUseException e) {
            // stopping the stack below releases them anyway
        } finally {
            stack.stop();
            trace.close();
        }
        awaitPortReleased(host, port);
    }

    /**
     * JAIN-SIP closes its sockets on its own threads; an account that is reconfigured at once
     * (same port) must find the port free, so wait a little for it (bounded).
     */
    private void awaitPortReleased(String host, int port) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, port))) {
                return;
            } catch (IOException stillBound) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void trace(String direction, javax.sip.message.Message message, String remote) {
        if (trace.enabled()) {
            trace.log(direction, transport.name(), localHost() + ":" + localPort(), remote, message.toString());
        }
    }

    /** Where a request went: the address and port of its next hop, else its Request-URI. */
    private static String nextHopOf(ClientTransaction transaction) {
        if (transaction instanceof ClientTransactionExt ext && ext.getNextHop() != null) {
            return ext.getNextHop().getHost() + ":" + ext.getNextHop().getPort();
        }
        return String.valueOf(transaction.getRequest().getRequestURI());
    }

    private static String remoteOf(javax.sip.message.Message message) {
        if (message instanceof SIPMessage sip && sip.getRemoteAddress() != null) {
            return sip.getRemoteAddress().getHostAddress() + ":" + sip.getRemotePort();
        }
        return "?";
    }

    /** A port free for both UDP and TCP on the address, so any transport can use it. */
    private static int freePort(InetAddress address) throws SipException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, address)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new SipException("Cannot open a socket on " + address.getHostAddress() + ": " + e.getMessage(), e);
            }
        }
        throw new SipException("No port free for both UDP and TCP on " + address.getHostAddress());
    }
}
