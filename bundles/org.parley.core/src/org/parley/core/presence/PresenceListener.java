package org.parley.core.presence;

/**
 * Receives contacts' presence changes. Register an implementation as an OSGi service
 * (whiteboard), optionally with {@link org.parley.core.ServiceProperties#ACCOUNT_ID}. Called on
 * a provider thread: do not block.
 */
@FunctionalInterface
public interface PresenceListener {

    /** A contact's presence changed. */
    void presenceChanged(PresenceEvent event);
}
