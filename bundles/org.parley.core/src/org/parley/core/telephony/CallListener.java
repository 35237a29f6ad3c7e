package org.parley.core.telephony;

/**
 * Receives {@link CallEvent}s. Register an implementation as an OSGi service (whiteboard),
 * optionally with {@link org.parley.core.ServiceProperties#ACCOUNT_ID} to hear about one account
 * only. Called on a provider thread: do not block.
 */
@FunctionalInterface
public interface CallListener {

    /** Something happened to a call. */
    void callChanged(CallEvent event);
}
