package org.parley.core.account;

/**
 * A protocol implementation that accounts can be created for, such as SIP.
 *
 * <p>Registered once per protocol with the
 * {@link org.parley.core.ServiceProperties#PROTOCOL} property. Accounts of the protocol are
 * ConfigurationAdmin factory configurations with the factory PID {@link #accountFactoryPid()};
 * creating such a configuration creates the account.
 */
public interface ProtocolProvider {

    /** The protocol's short name, e.g. {@code sip}. */
    String protocol();

    /** A human-readable name, e.g. {@code SIP (RFC 3261)}. */
    String displayName();

    /** The ConfigurationAdmin factory PID under which this protocol's accounts are configured. */
    String accountFactoryPid();
}
