package org.parley.core.presence.watchers;

/** Where a watcher's subscription to the user's presence stands. */
public enum WatcherState {
    /** Asked to watch; sees nothing until the user allows it. */
    PENDING,
    /** Sees the user's status and each change. */
    ACTIVE
}
