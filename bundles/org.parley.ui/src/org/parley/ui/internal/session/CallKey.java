package org.parley.ui.internal.session;

import org.parley.core.account.AccountId;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallId;

/**
 * A call as the window tells calls apart: by account and call id, since two accounts of this
 * suite in one call with each other see the same SIP dialog, hence the same call id.
 */
public record CallKey(AccountId account, CallId call) {

    public static CallKey of(Call call) {
        return new CallKey(call.account(), call.id());
    }

    public static CallKey of(CallEvent event) {
        return new CallKey(event.account(), event.call());
    }

    @Override
    public String toString() {
        return account.value() + "/" + call.value();
    }
}
