package org.parley.ui.internal.preferences;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;

/** Controls the preference pages share, laid out in a two-column grid. */
final class PageParts {

    private PageParts() {
    }

    /** A line across both columns for what the page has to say (empty until then). */
    static Label note(Composite page) {
        Label note = new Label(page, SWT.WRAP);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        data.widthHint = 360;
        note.setLayoutData(data);
        return note;
    }

    /** Shows {@code text} on a {@link #note}; an empty note takes no room. */
    static void say(Label note, String text) {
        note.setText(text);
        ((GridData) note.getLayoutData()).exclude = text.isEmpty();
        note.setVisible(!text.isEmpty());
        note.getParent().layout(true, true);
    }

    static Button button(Composite parent, String text, String id) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        Ids.set(button, id);
        return button;
    }

    /**
     * Says on {@code note} why the chosen account's settings cannot be edited, or that some of those named by
     * {@code keys} are locked by an administrator, or nothing when all can be edited.
     */
    static void sayWhyNotEditable(Label note, AccountEdits edits, String... keys) {
        boolean locked = Arrays.stream(keys).anyMatch(edits::locked);
        say(note, edits.accounts().isEmpty() ? "No account is set up."
                : !edits.editable() ? "The settings of this account cannot be found."
                : Arrays.stream(keys).noneMatch(edits::has) ? "This account's network has none of these settings."
                : locked ? Words.LOCKED_SETTINGS : "");
    }

}
