package org.parley.sip.presence.internal;

import java.util.Locale;

/**
 * Who may watch the user's presence without asking: the account setting {@code presencePolicy}.
 * Unknown or missing values mean {@link #CONTACTS}.
 */
enum WatcherPolicy {
    /** Everybody. */
    ACCEPT,
    /** Nobody: every request is rejected. */
    REFUSE,
    /** Nobody: every request waits for the user's consent. */
    ASK,
    /** The people in the account's contact list; the others wait for the user's consent. */
    CONTACTS;

    static WatcherPolicy parse(String setting) {
        try {
            return setting.isBlank() ? CONTACTS : valueOf(setting.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return CONTACTS;
        }
    }
}
