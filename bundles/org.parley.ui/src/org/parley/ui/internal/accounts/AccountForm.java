package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.Set;

/**
 * The fields of one protocol's accounts in the account dialog. The dialog does the rest the
 * same way for every protocol: it checks, tests, saves and takes back the {@link AccountDraft}
 * the form makes of what is typed. All methods run on the UI thread.
 */
sealed interface AccountForm permits AccountFields, XmppAccountFields {

    /** The settings as typed. */
    AccountDraft values();

    /** Shows an account's configuration properties; the fields count as untouched afterwards. */
    void fill(Dictionary<String, Object> properties);

    /**
     * Shows the settings named by {@code keys} (configuration keys) as set by the administrator:
     * they cannot be changed. Tells whether any field shows one of them.
     */
    boolean lock(Set<String> keys);

    /** See {@link PasswordField#typed()}. */
    char[] typedPassword();

    /** The typed password went to the credential store. */
    void passwordStored();

    /** Whether the account connects by itself (something to test); false for a serverless account. */
    boolean registers();

    /** Whether the user has typed an address yet. */
    boolean addressEmpty();

    /** The other accounts' ids, which a new account's suggested id avoids. */
    void setIdsTaken(Set<String> ids);

    void setEnabled(boolean enabled);

    void focus();

    /** The line above the fields, telling the user what to enter. */
    String intro(boolean editing);

    /** What the status line says while a test waits, e.g. "Registering…". */
    String testing();
}
