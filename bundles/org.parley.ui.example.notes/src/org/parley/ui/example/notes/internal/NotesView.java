package org.parley.ui.example.notes.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.ui.api.ViewContribution;

/**
 * The "Call notes" tab: every note, the most recent first, with the contact, the note's first
 * line and when it was last changed; double-clicking a row opens the note.
 *
 * <p>For plugin authors: registering a {@link ViewContribution} service is all it takes to get a
 * tab; there is nothing to call on the window. It calls {@link #createControls} on the UI thread
 * for each tab it opens and disposes the tab when the service goes away (the bundle stops), so
 * whatever the view subscribed to is given back in a dispose listener. Changes that arrive on
 * other threads reach the widgets through {@code asyncExec}, after checking they still exist.
 */
@Component(service = ViewContribution.class)
public final class NotesView implements ViewContribution {

    private static final DateTimeFormatter CHANGED = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private final NotesStore store;
    private final OwnedShells dialogs = new OwnedShells();

    @Activate
    public NotesView(@Reference NotesStore store) {
        this.store = store;
    }

    @Override
    public String title() {
        return "Call notes";
    }

    @Override
    public void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label hint = new Label(parent, SWT.WRAP);
        hint.setText("Your notes about contacts. Write one with “Call notes…” in a contact's menu or with Notes"
                + " during a call; double-click a row to open it.");
        hint.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        store.problem().ifPresent(problem -> {
            Label warning = new Label(parent, SWT.WRAP);
            warning.setText(problem);
            warning.setData("parley.id", "notes.problem");
            warning.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        });

        Table table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        table.setData("parley.id", "notes.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent event) {
                if (event.childID == ACC.CHILDID_SELF) {
                    event.result = "Call notes";
                }
            }
        });
        for (String heading : new String[] { "Contact", "Note", "Last changed" }) {
            new TableColumn(table, SWT.LEFT).setText(heading);
        }
        fill(table);

        Display display = parent.getDisplay();
        Runnable refresh = () -> {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!table.isDisposed()) {
                        fill(table);
                    }
                });
            }
        };
        store.addListener(refresh);
        table.addListener(SWT.Dispose, event -> store.removeListener(refresh));
        table.addListener(SWT.DefaultSelection, event -> {
            if (event.item != null && event.item.getData() instanceof Note note) {
                dialogs.add(NoteDialog.open(parent.getShell(), store, note.key(), note.contactName()));
            }
        });
    }

    @Deactivate
    void deactivate() {
        dialogs.closeAll();
    }

    private void fill(Table table) {
        table.setRedraw(false);
        table.removeAll();
        for (Note note : store.all()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { note.shownName() + " (" + note.key().account().value() + ")", note.firstLine(),
                    CHANGED.format(note.changed()) });
            item.setData(note);
        }
        for (TableColumn column : table.getColumns()) {
            column.pack();
        }
        table.setRedraw(true);
    }
}
