package org.parley.sip.internal;

import java.util.Properties;

import javax.sip.PeerUnavailableException;
import javax.sip.SipException;
import javax.sip.address.Hop;

import org.parley.sip.internal.location.ServerLocation;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.HopImpl;

/**
 * An account's JAIN-SIP stack with sockets of Parley's making, and requests for the account's
 * server sent where {@link ServerLocation} found it (RFC 3263). JAIN-SIP only takes a network
 * layer as a class name to load itself, which it cannot do from another bundle.
 *
 * <p>
 * The next hop is located here rather than in an {@code AddressResolver}: JAIN-SIP resolves the
 * outbound proxy's hop once, in its constructor, before a resolver can be set, and it also asks
 * the resolver about the Via of every message it receives. Every request the stack sends takes
 * its next hop from {@link #getNextHop}, after the Route, outbound proxy and Request-URI rules.
 */
final class AccountStack extends SipStackImpl {

    /**
     * JAIN-SIP keeps its logger in a static field that a new stack points at its own log writer
     * before configuring it; a second stack built meanwhile logs through the unconfigured writer
     * and fails with a NullPointerException. Accounts starting together build their stacks in turn.
     */
    private static final Object CONSTRUCTION = new Object();

    private final ServerLocation server;

    /** A new stack for one account; see {@link #CONSTRUCTION} for why this is serialised. */
    static AccountStack create(Properties properties, NetworkLayer sockets, ServerLocation server)
            throws PeerUnavailableException {
        synchronized (CONSTRUCTION) {
            return new AccountStack(properties, sockets, server);
        }
    }

    private AccountStack(Properties properties, NetworkLayer sockets, ServerLocation server)
            throws PeerUnavailableException {
        super(properties);
        // set before any listening point exists, so every socket comes from here
        this.networkLayer = sockets;
        this.server = server;
    }

    /** The hop JAIN-SIP chose, or the located target when that hop is the account's server. */
    @Override
    public Hop getNextHop(SIPRequest request) throws SipException {
        Hop hop = super.getNextHop(request);
        if (hop == null) {
            return null;
        }
        return server.targetFor(hop.getHost(), hop.getPort(), hop.getTransport())
                .<Hop>map(target -> new HopImpl(target.address().getHostAddress(), target.port(), hop.getTransport()))
                .orElse(hop);
    }
}
