package org.parley.ui.example.notes.internal;

import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.telephony.Call;
import org.parley.ui.api.CallPanelButton;

/**
 * "Notes" on every call's panel: opens the note about the call's other party
 * ({@link Call#account()}, {@link Call#peer()}), named as in the contact list, or by address
 * when the caller is not a contact.
 *
 * <p>For plugin authors: a {@link CallPanelButton} service puts a button on each call's panel
 * for as long as it is registered. Core services such as {@link Contacts} are used like any OSGi
 * service: here an optional, dynamic reference, since the button works without a contact list.
 * Looking a contact up may read a file, so it happens on a background thread, and the window
 * opens through {@code asyncExec}.
 */
@Component(service = CallPanelButton.class)
public final class NoteDuringCallButton implements CallPanelButton {

    private final NotesStore store;
    private final OwnedShells dialogs = new OwnedShells();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Contacts contacts;

    @Activate
    public NoteDuringCallButton(@Reference NotesStore store) {
        this.store = store;
    }

    @Override
    public String label() {
        return "Notes";
    }

    @Override
    public void pressed(Call call, Shell window) {
        NoteKey key = new NoteKey(call.account(), call.peer());
        Contacts list = contacts;
        Display display = window.getDisplay();
        CompletableFuture.supplyAsync(() -> list == null ? ""
                : list.find(key.account(), key.contact()).map(Contact::displayName).orElse(""))
                .exceptionally(failure -> "")
                .thenAccept(name -> {
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> {
                            if (!window.isDisposed()) {
                                dialogs.add(NoteDialog.open(window, store, key, name));
                            }
                        });
                    }
                });
    }

    @Deactivate
    void deactivate() {
        dialogs.closeAll();
    }
}
