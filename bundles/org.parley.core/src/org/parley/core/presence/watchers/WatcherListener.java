package org.parley.core.presence.watchers;

/**
 * Hears of requests to watch the user's presence that wait for consent. Register an
 * implementation as an OSGi service (whiteboard), optionally with
 * {@link org.parley.core.ServiceProperties#ACCOUNT_ID}. Called on a provider thread: do not block;
 * answer later through {@link Watchers#allow} or {@link Watchers#deny}.
 */
@FunctionalInterface
public interface WatcherListener {

    /** {@code watcher} (in state {@link WatcherState#PENDING}) asks to watch the user's presence. */
    void watcherAsked(Watcher watcher);
}
