package org.parley.ui.internal.preferences;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;

/**
 * A labelled combo of the accounts that shows, and changes, which account the {@link AccountEdits}
 * show; every chooser on the same edits follows the others. Takes two columns of its parent's grid.
 */
final class AccountChooser {

    private final Combo combo;
    private final AccountEdits edits;

    AccountChooser(Composite parent, AccountEdits edits, String id) {
        this.edits = edits;
        Label caption = new Label(parent, SWT.NONE);
        caption.setText("Account:");
        combo = new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(combo, id);
        Accessibility.name(combo, "Account");
        combo.addListener(SWT.Selection, event -> edits.select(combo.getSelectionIndex()));
        edits.onSelection(this::refresh);
    }

    private void refresh() {
        if (combo.isDisposed()) {
            return;
        }
        String[] labels = edits.accounts().stream().map(AccountPreferences::label).toArray(String[]::new);
        if (!Arrays.equals(combo.getItems(), labels)) {
            combo.setItems(labels);
        }
        if (edits.selectedIndex() >= 0) {
            combo.select(edits.selectedIndex());
        }
        combo.setEnabled(labels.length > 0);
    }
}
