package org.parley.sip.internal;

import java.util.Properties;

import javax.sip.PeerUnavailableException;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

/**
 * An account's JAIN-SIP stack with sockets of Parley's making. JAIN-SIP only takes a network
 * layer as a class name to load itself, which it cannot do from another bundle.
 */
final class AccountStack extends SipStackImpl {

    AccountStack(Properties properties, NetworkLayer sockets) throws PeerUnavailableException {
        super(properties);
        // set before any listening point exists, so every socket comes from here
        this.networkLayer = sockets;
    }
}
