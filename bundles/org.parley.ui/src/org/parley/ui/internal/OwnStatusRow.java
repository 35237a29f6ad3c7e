package org.parley.ui.internal;

import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.parley.core.account.Account;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The user's own status and note, published on every account with presence.
 */
final class OwnStatusRow {

    private final DesktopSession session;
    private final WindowActions actions;
    private static final Availability[] CHOOSABLE = { Availability.AVAILABLE, Availability.BUSY,
            Availability.DO_NOT_DISTURB, Availability.AWAY, Availability.OFFLINE };
    private Combo availability;
    private Text note;

    OwnStatusRow(Composite parent, DesktopSession session, WindowActions actions) {
        this.session = session;
        this.actions = actions;
        ownStatus(parent);
    }

    private void ownStatus(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        row.setLayout(new GridLayout(2, false));
        availability = Ids.set(new Combo(row, SWT.READ_ONLY), "status.availability");
        for (Availability each : CHOOSABLE) {
            availability.add(Words.availability(each));
        }
        availability.select(0);
        Accessibility.name(availability, "Your status");
        note = Ids.set(new Text(row, SWT.BORDER | SWT.SEARCH), "status.note");
        note.setMessage("Status note, e.g. back at 3");
        Accessibility.name(note, "Status note");
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        availability.addListener(SWT.Selection, event -> publishStatus());
        note.addListener(SWT.DefaultSelection, event -> publishStatus());
    }

    private void publishStatus() {
        PresenceStatus status = new PresenceStatus(CHOOSABLE[Math.max(0, availability.getSelectionIndex())],
                Optional.of(note.getText()));
        for (Account account : session.accounts()) {
            session.presence(account.id()).ifPresent(presence -> presence.publish(status));
        }
    }

    /** Shows the status the first account with presence publishes. */
    void refresh() {
        session.accounts().stream().map(account -> session.presence(account.id())).flatMap(Optional::stream)
                .findFirst().map(presence -> presence.ownStatus()).ifPresent(status -> {
                    for (int i = 0; i < CHOOSABLE.length; i++) {
                        if (CHOOSABLE[i] == status.availability()) {
                            availability.select(i);
                        }
                    }
                    if (!note.isFocusControl()) {
                        note.setText(status.note().orElse(""));
                    }
                });
    }

}
