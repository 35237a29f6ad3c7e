package org.parley.ui.api;

import org.eclipse.swt.widgets.Shell;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;

/** An entry in the contact list's context menu, e.g. "Call notes…". */
public interface ContactAction {

    /** The menu entry's text. */
    String label();

    /** Whether the entry is offered for {@code contact} of {@code account}; offered for every contact unless overridden. */
    default boolean appliesTo(AccountId account, Contact contact) {
        return true;
    }

    /** The user chose the entry for {@code contact} of {@code account}; {@code window} is the main window, for dialogs. */
    void run(AccountId account, Contact contact, Shell window);
}
