package org.parley.core.account;

/**
 * Receives registration changes. Register an implementation as an OSGi service (whiteboard);
 * with the {@link org.parley.core.ServiceProperties#ACCOUNT_ID} property it hears about that
 * account only, without it about all accounts. Called on a provider thread: do not block.
 */
@FunctionalInterface
public interface RegistrationListener {

    /** An account's registration state changed. */
    void registrationChanged(RegistrationEvent event);
}
