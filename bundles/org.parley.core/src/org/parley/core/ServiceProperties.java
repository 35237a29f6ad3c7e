package org.parley.core;

/**
 * Names of the service properties with which Parley services describe themselves in the OSGi
 * service registry. Consumers filter on them, e.g. {@code (parley.account.id=work)}.
 */
public final class ServiceProperties {

    /** The id of the account a per-account service belongs to (a string). */
    public static final String ACCOUNT_ID = "parley.account.id";

    /** The protocol an account or provider speaks, e.g. {@code sip} (a string). */
    public static final String PROTOCOL = "parley.protocol";

    /** The capability a service offers: one of {@link Capability#id()} (a string). */
    public static final String CAPABILITY = "parley.capability";

    private ServiceProperties() {
    }
}
