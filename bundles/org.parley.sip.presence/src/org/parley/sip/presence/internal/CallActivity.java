package org.parley.sip.presence.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parley.core.account.AccountId;
import org.parley.core.telephony.Call;
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

    /**
     * Takes the calls an account has now (e.g. when this bundle starts during a call).
     *
     * @return whether the account went from no call up to one, or back
     */
    synchronized boolean seed(AccountId account, List<Call> current) {
        boolean before = onThePhone(account);
        current.stream().filter(call -> call.state() == CallState.CONNECTED || call.state() == CallState.ON_HOLD)
                .forEach(call -> up.computeIfAbsent(account, key -> new HashSet<>()).add(call.id()));
        return before != onThePhone(account);
    }

    /** Whether {@code account} has a call up. */
    synchronized boolean onThePhone(AccountId account) {
        return up.containsKey(account);
    }
}
