package org.parley.ui.internal.history;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/** What the {@link HistoryView} asks the window to do with an entry's peer. */
public interface HistoryActions {

    /** Calls {@code peer} from {@code account}. */
    void call(AccountId account, Address peer);

    /** Opens the conversation with {@code peer} on {@code account}. */
    void message(AccountId account, Address peer);
}
