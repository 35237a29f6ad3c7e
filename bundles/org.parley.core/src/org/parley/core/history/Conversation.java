package org.parley.core.history;

import java.util.Objects;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * The calls and messages between the user, on one account, and one peer: the unit in which the
 * {@link History} lists, deletes and exports what happened.
 *
 * @param account the user's account
 * @param peer    the other party
 */
public record Conversation(AccountId account, Address peer) {

    public Conversation {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(peer, "peer");
    }
}
