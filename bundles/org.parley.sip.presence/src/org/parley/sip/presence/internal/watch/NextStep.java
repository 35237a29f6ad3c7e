package org.parley.sip.presence.internal.watch;

import java.time.Duration;

/** What a watcher does when a subscription has ended or failed. */
public sealed interface NextStep {

    /** Subscribe again after {@code delay} (zero: at once). */
    record ResubscribeAfter(Duration delay) implements NextStep {
    }

    /**
     * Stop watching: the contact's presence is unknown from now on (refused, or no such
     * resource). The user can watch again later.
     */
    record GiveUp(String why) implements NextStep {
    }
}
