package org.parley.core.history;

import java.util.List;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * The suite's memory of calls and messages. One service for the whole suite, registered with
 * {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code history}.
 */
public interface History {

    /** The conversation with {@code peer} on {@code account}, newest last, at most {@code limit} entries. */
    List<HistoryEntry> conversation(AccountId account, Address peer, int limit);

    /** Messages whose text matches {@code query} (full-text), newest first, at most {@code limit}. */
    List<HistoryEntry> search(String query, int limit);

    /** Forgets the conversation with {@code peer} on {@code account}. */
    void deleteConversation(AccountId account, Address peer);
}
