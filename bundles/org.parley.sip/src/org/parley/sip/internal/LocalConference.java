package org.parley.sip.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.parley.core.telephony.CallId;

/** The calls of one local conference; their audio is mixed by the media engine. */
final class LocalConference {

    private final Set<SipCall> calls = ConcurrentHashMap.newKeySet();

    void add(SipCall call) {
        calls.add(call);
    }

    /** Takes the call out; returns the calls left. */
    Set<SipCall> remove(SipCall call) {
        calls.remove(call);
        return Set.copyOf(calls);
    }

    /** The ids of the conference's calls other than {@code call}. */
    Set<CallId> others(SipCall call) {
        return calls.stream().filter(other -> other != call).map(SipCall::id).collect(Collectors.toUnmodifiableSet());
    }
}
