package org.parley.ui.example.notes.internal;

import org.eclipse.swt.widgets.Shell;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.ui.api.ContactAction;

/**
 * "Call notes…" in the contact list's context menu: opens the note about that contact.
 *
 * <p>For plugin authors: a {@link ContactAction} service is a menu entry; the window lists the
 * registered ones (highest {@code service.ranking} first) and drops the entry as soon as the
 * service is unregistered. {@link #appliesTo} could hide it for some contacts; this one applies
 * to all. {@link #run} is called on the UI thread: open a window and return.
 */
@Component(service = ContactAction.class)
public final class EditNoteAction implements ContactAction {

    private final NotesStore store;
    private final OwnedShells dialogs = new OwnedShells();

    @Activate
    public EditNoteAction(@Reference NotesStore store) {
        this.store = store;
    }

    @Override
    public String label() {
        return "Call notes…";
    }

    @Override
    public void run(AccountId account, Contact contact, Shell window) {
        dialogs.add(NoteDialog.open(window, store, new NoteKey(account, contact.address()), contact.displayName()));
    }

    @Deactivate
    void deactivate() {
        dialogs.closeAll();
    }
}
