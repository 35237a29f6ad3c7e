package org.parley.ui.internal.session;

import org.parley.core.messaging.MessageEvent;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.telephony.CallEvent;

/** What changed in the {@link DesktopSession}; the window redraws the parts that show it. */
public sealed interface SessionChange {

    /** Accounts came or went, a registration changed, or an account's capabilities did. */
    record Accounts() implements SessionChange {
    }

    /** A contact list, a contact's presence or the user's own status changed. */
    record Contacts() implements SessionChange {
    }

    /** Something happened to a call. */
    record CallChanged(CallEvent event) implements SessionChange {
    }

    /** The user muted or unmuted a call (the call itself sends no event for it). */
    record Muted(CallKey call, boolean muted) implements SessionChange {
    }

    /** Something happened in a conversation. */
    record MessageChanged(MessageEvent event) implements SessionChange {
    }

    /** A view, contact action or call-panel button was contributed or withdrawn. */
    record Contributions() implements SessionChange {
    }

    /** The count of missed calls or unread messages changed. */
    record Counters() implements SessionChange {
    }

    /** The history service came or went. */
    record HistoryChanged() implements SessionChange {
    }

    /** The update check found updates to ask about, installed one, or failed. */
    record PluginsChanged(PluginEvent event) implements SessionChange {
    }
}
