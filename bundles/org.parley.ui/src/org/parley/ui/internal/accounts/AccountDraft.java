package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;

/**
 * An account's settings as the user typed them in the account dialog, for one protocol: what the
 * dialog checks, and what it writes into the protocol's account configuration. The password is
 * not among them: it goes to the credential store.
 */
public sealed interface AccountDraft permits AccountValues, XmppAccountValues {

    /** The protocol the account speaks, the name its {@code ProtocolProvider} registers under. */
    String protocol();

    /** The account id ({@code parley.account.id}), as typed. */
    String accountId();

    /**
     * The first problem of the settings, in the order the dialog shows the fields; empty when the
     * account can be saved.
     *
     * @param idsTaken the ids of the other accounts (not the one being edited)
     */
    Optional<String> problem(Set<String> idsTaken);

    /**
     * The configuration properties: {@code current} (the account's other settings, which the
     * dialog does not show; null for a new account) with these settings written over them.
     * Call only when {@link #problem} finds none.
     */
    Hashtable<String, Object> toProperties(Dictionary<String, Object> current);
}
