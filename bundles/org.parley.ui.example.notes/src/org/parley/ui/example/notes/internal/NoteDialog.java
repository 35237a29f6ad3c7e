package org.parley.ui.example.notes.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * The small window in which the user writes the note about one contact: "Call notes — Bob", a
 * text field, Save and Cancel. Shared by the contact menu entry, the call-panel button and the
 * view; one window per contact (asking again brings the open one to the front).
 *
 * <p>For plugin authors: every slot method runs on the UI thread, so it opens the window and
 * returns, and the window is not modal (during a call the user must still reach Hang up). Saving
 * writes a file, so it runs on a background thread and comes back with
 * {@code display.asyncExec}, checking that the window still exists. Controls carry a
 * {@code parley.id} so that tests find them, and the text field has an accessible name.
 */
final class NoteDialog {

    /** Shell data naming whose note an open window edits. */
    private static final String KEY = "parley.notes.key";

    private final NotesStore store;
    private final NoteKey key;
    private final String contactName;
    private final Shell shell;
    private final Text text;
    private final Label status;
    private final Button save;

    /**
     * Opens the note about {@code key}'s contact over {@code window} (or brings its open window to
     * the front) and returns at once, with the window.
     *
     * @param contactName the contact's name; empty if unknown (the name saved with the note, else the address, is shown)
     */
    static Shell open(Shell window, NotesStore store, NoteKey key, String contactName) {
        for (Shell open : window.getShells()) {
            if (!open.isDisposed() && key.equals(open.getData(KEY))) {
                open.setActive();
                return open;
            }
        }
        String name = contactName.isBlank() ? store.get(key).map(Note::contactName).orElse("") : contactName.strip();
        NoteDialog dialog = new NoteDialog(window, store, key, name);
        dialog.shell.open();
        dialog.text.setFocus();
        return dialog.shell;
    }

    private NoteDialog(Shell window, NotesStore store, NoteKey key, String contactName) {
        this.store = store;
        this.key = key;
        this.contactName = contactName;
        String shown = contactName.isEmpty() ? key.contact().uri() : contactName;

        shell = new Shell(window, SWT.DIALOG_TRIM | SWT.RESIZE);
        shell.setText("Call notes — " + shown);
        shell.setData(KEY, key);
        shell.setData("parley.id", "notes.dialog");
        shell.setLayout(new GridLayout(1, false));

        Label intro = new Label(shell, SWT.WRAP);
        intro.setText("Notes on " + shown + " (account " + key.account().value() + "):");
        intro.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        text = new Text(shell, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        text.setData("parley.id", "notes.text");
        text.setText(store.get(key).map(Note::text).orElse(""));
        GridData textLayout = new GridData(SWT.FILL, SWT.FILL, true, true);
        textLayout.widthHint = 460;
        textLayout.heightHint = 220;
        text.setLayoutData(textLayout);
        text.getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent event) {
                event.result = "Notes on " + shown;
            }
        });

        status = new Label(shell, SWT.WRAP);
        status.setData("parley.id", "notes.status");
        GridData statusLayout = new GridData(SWT.FILL, SWT.TOP, true, false);
        statusLayout.widthHint = 460;
        status.setLayoutData(statusLayout);

        Composite buttons = new Composite(shell, SWT.NONE);
        buttons.setLayout(new GridLayout(2, true));
        buttons.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        Button cancel = button(buttons, "Cancel", "notes.cancel");
        cancel.addListener(SWT.Selection, event -> shell.dispose());
        save = button(buttons, "Save", "notes.save");
        save.addListener(SWT.Selection, event -> save());

        shell.pack();
        centerOver(window);
    }

    private static Button button(Composite parent, String label, String id) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setData("parley.id", id);
        GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
        layout.widthHint = Math.max(90, button.computeSize(SWT.DEFAULT, SWT.DEFAULT).x);
        button.setLayoutData(layout);
        return button;
    }

    private void save() {
        String typed = text.getText();
        setSaving(true);
        Display display = shell.getDisplay();
        CompletableFuture.runAsync(() -> {
            try {
                store.put(key, contactName, typed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).whenComplete((done, failure) -> {
            if (display.isDisposed()) {
                return;
            }
            display.asyncExec(() -> {
                if (shell.isDisposed()) {
                    return;
                }
                if (failure == null) {
                    shell.dispose();
                } else {
                    setSaving(false);
                    showStatus("The note was not saved: " + reason(failure));
                }
            });
        });
    }

    private void setSaving(boolean saving) {
        save.setEnabled(!saving);
        text.setEditable(!saving);
        showStatus(saving ? "Saving…" : "");
    }

    private void showStatus(String message) {
        status.setText(message);
        Point size = shell.getSize();
        int wanted = shell.computeSize(size.x, SWT.DEFAULT).y;
        if (wanted > size.y) {
            shell.setSize(size.x, wanted);
        }
        shell.layout(true, true);
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UncheckedIOException unchecked) {
            cause = unchecked.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private void centerOver(Shell window) {
        Rectangle area = window.getBounds();
        Point size = shell.getSize();
        shell.setLocation(area.x + Math.max(0, (area.width - size.x) / 2), area.y + Math.max(0, (area.height - size.y) / 3));
    }
}
