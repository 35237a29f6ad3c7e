package org.parley.core.telephony;

import java.util.List;

import org.parley.core.Address;

/**
 * Voice calls for one account: registered once per account that can place calls, with the
 * properties {@link org.parley.core.ServiceProperties#ACCOUNT_ID} and
 * {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code telephony}.
 */
public interface Telephony {

    /** Places a call to {@code peer}; returns at once, progress arrives as {@link CallEvent}s. */
    Call call(Address peer);

    /** The calls of this account that have not ended, oldest first. */
    List<Call> calls();
}
