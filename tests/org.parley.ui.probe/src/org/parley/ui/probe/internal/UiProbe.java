package org.parley.ui.probe.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;

/**
 * Console commands that drive the running window the way a person does, for the product checks:
 * controls are found by the name Parley gives them ({@code parley.id} widget data), in every open
 * shell, dialogs included. Each command prints one line, {@code probe ID: …}, for the check to read.
 * Not part of the product: a check installs it into a running copy.
 */
@Component(service = UiProbe.class, property = { "osgi.command.scope=probe",
        "osgi.command.function=click", "osgi.command.function=type", "osgi.command.function=choose",
        "osgi.command.function=show" })
public final class UiProbe {

    private static final String KEY = "parley.id";

    /** Presses the button {@code id} (a toggle flips first), without waiting for a dialog it opens. */
    public String click(String id) {
        return onUi(id, control -> {
            if (!(control instanceof Button button)) {
                return "not a button";
            }
            if (!button.isEnabled()) {
                return "disabled";
            }
            if ((button.getStyle() & (SWT.TOGGLE | SWT.CHECK | SWT.RADIO)) != 0) {
                button.setSelection(!button.getSelection());
            }
            button.getDisplay().asyncExec(() -> button.notifyListeners(SWT.Selection, new Event()));
            return "clicked";
        });
    }

    /** Replaces the text of the field {@code id} with {@code text}. */
    public String type(String id, String text) {
        return onUi(id, control -> {
            if (!(control instanceof Text field)) {
                return "not a text field";
            }
            field.setText(text);
            return "typed";
        });
    }

    /** Selects the first row, item or tab of {@code id} whose text contains {@code part}, as a click on it does. */
    public String choose(String id, String part) {
        return onUi(id, control -> {
            List<String> items = items(control);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).contains(part)) {
                    select(control, i);
                    control.notifyListeners(SWT.Selection, new Event());
                    return "chose " + items.get(i);
                }
            }
            return "nothing with '" + part + "' among " + items;
        });
    }

    /** What {@code id} shows: its text, or its items (a table's rows with their cells) separated by " | ". */
    public String show(String id) {
        return onUi(id, control -> switch (control) {
            case Label label -> label.getText();
            case Text text -> text.getText();
            case Button button -> button.getText() + (button.isEnabled() ? "" : " (disabled)");
            default -> String.join(" | ", items(control));
        });
    }

    private static List<String> items(Control control) {
        return switch (control) {
            case Table table -> Arrays.stream(table.getItems()).map(UiProbe::cells).toList();
            case org.eclipse.swt.widgets.List list -> List.of(list.getItems());
            case Combo combo -> List.of(combo.getItems());
            case TabFolder tabs -> Arrays.stream(tabs.getItems()).map(item -> item.getText()).toList();
            default -> List.of();
        };
    }

    private static String cells(TableItem row) {
        int columns = Math.max(1, row.getParent().getColumnCount());
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            cells.add(row.getText(i));
        }
        return String.join(" / ", cells);
    }

    private static void select(Control control, int index) {
        switch (control) {
            case Table table -> table.setSelection(index);
            case org.eclipse.swt.widgets.List list -> list.setSelection(index);
            case Combo combo -> combo.select(index);
            case TabFolder tabs -> tabs.setSelection(index);
            default -> throw new IllegalArgumentException("cannot select in " + control);
        }
    }

    /** Runs {@code action} on the UI thread on the control named {@code id}, and says how it went. */
    private static String onUi(String id, Function<Control, String> action) {
        Display display = Display.getDefault();
        String[] said = { "" };
        display.syncExec(() -> said[0] = find(display, id).map(action).orElse("no such control"));
        return "probe " + id + ": " + said[0].replace('\n', ' ');
    }

    private static Optional<Control> find(Display display, String id) {
        return Arrays.stream(display.getShells()).filter(shell -> !shell.isDisposed())
                .map(shell -> find(shell, id)).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Control> find(Control root, String id) {
        if (id.equals(root.getData(KEY))) {
            return Optional.of(root);
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Optional<Control> found = find(child, id);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
