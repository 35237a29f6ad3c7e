package org.parley.core.messaging;

/**
 * Receives {@link MessageEvent}s. Register an implementation as an OSGi service (whiteboard),
 * optionally with {@link org.parley.core.ServiceProperties#ACCOUNT_ID}. Called on a provider
 * thread: do not block.
 */
@FunctionalInterface
public interface MessageListener {

    /** Something happened in a conversation. */
    void messageChanged(MessageEvent event);
}
