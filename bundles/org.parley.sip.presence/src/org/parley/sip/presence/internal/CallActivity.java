package org.parley.sip.presence.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.parley.core.account.AccountId;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallState;

/**
 * Which accounts have a call up: a call counts from the moment it is connected (on hold too)
 * until it ends; ringing and dialling calls do not. Thread-safe.
 */
final class CallActivity {

    private final Map<AccountId, Set<CallId>> up = new HashMap<>();

    /**
     * Takes a call event into account.
     *
     * @return whether the event's account went from no call up to one, or back
     */
    synchronized boolean update(CallEvent event) {
        boolean before = onThePhone(event.account());
        switch (event) {
            case CallEvent.StateChanged changed when changed.current() == CallState.CONNECTED
                    || changed.current() == CallState.ON_HOLD ->
                up.computeIfAbsent(event.account(), account -> new HashSet<>()).add(event.call());
            case CallEvent.Ended ended -> {
                Set<CallId> calls = up.get(ended.account());
                if (calls != null && calls.remove(ended.call()) && calls.isEmpty()) {
                    up.remove(ended.account());
                }
            }
            default -> {
                // other events do not change whether a call is up
            }
        }
        return before != onThePhone(event.account());
    }

    /** Whether {@code account} has a call up. */
    synchronized boolean onThePhone(AccountId account) {
        return up.containsKey(account);
    }
}
