package org.parley.core.account;

import org.parley.core.Address;

/**
 * One configured account, as the user sees it: who they are on which network, and whether the
 * network currently knows them.
 *
 * <p>A protocol bundle registers one {@code Account} service per account configuration, with the
 * service properties {@link org.parley.core.ServiceProperties#ACCOUNT_ID} and
 * {@link org.parley.core.ServiceProperties#PROTOCOL}. The service disappears when the account is
 * removed or its protocol bundle stops.
 */
public interface Account {

    /** The account's identity. */
    AccountId id();

    /** The protocol the account speaks, e.g. {@code sip}. */
    String protocol();

    /** The name shown to the user and sent to peers, e.g. {@code Alice Liddell}; may be empty. */
    String displayName();

    /** The user's own address on this account (for SIP, the address of record). */
    Address address();

    /** Where registration stands now. */
    RegistrationState registrationState();

    /**
     * Asks the network to register the account (or to refresh its registration). Returns at
     * once; the outcome arrives as a {@link RegistrationEvent}.
     */
    void register();

    /**
     * Ends the registration. Returns at once; the outcome arrives as a {@link RegistrationEvent}.
     */
    void unregister();

    /**
     * Trusts a server certificate for this account from now on, although no authority the system
     * trusts vouches for it or it names another host: the account stores the certificate's
     * fingerprint (a pin) with its settings and registers again. A server presenting any other
     * certificate later is refused again. Pass the certificate of a
     * {@link RegistrationState.Failed} state, which the user has seen and accepted.
     *
     * @throws UnsupportedOperationException if the account's protocol does not use certificates
     */
    void trustCertificate(ServerCertificate certificate);

    /**
     * Trusts a server certificate this time only: the account registers again with it, but does
     * not store it. Once the account stops (Parley quits, its bundle stops or its settings change)
     * the certificate is refused and shown again, as before. Pass the certificate of a
     * {@link RegistrationState.Failed} state, which the user has seen and accepted.
     *
     * @throws UnsupportedOperationException if the account's protocol does not use certificates
     *                                       or the account does not connect over TLS
     */
    void trustCertificateThisTime(ServerCertificate certificate);
}
