package org.parley.ui.internal.accounts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.parley.ui.internal.Ids;

/**
 * Lays out an account form: labelled fields in two-column grids whose labels all get the width of
 * the widest, and read-only combos that show setting words by their labels.
 */
final class FormGrid {

    /** A setting word and how the form shows it. */
    record Choice(String word, String label) {
    }

    private final List<Label> labels = new ArrayList<>();
    private final int fieldWidth;

    /** @param parent where the form goes; its font sets the fields' width */
    FormGrid(Control parent) {
        GC gc = new GC(parent);
        try {
            fieldWidth = (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth()) * 44;
        } finally {
            gc.dispose();
        }
    }

    /** The width of a full-size field, in pixels. */
    int fieldWidth() {
        return fieldWidth;
    }

    /** A composite for label/field pairs, filling the width of {@code parent}. */
    Composite grid(Composite parent) {
        Composite composite = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        composite.setLayout(layout);
        composite.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false));
        return composite;
    }

    Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.RIGHT);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        labels.add(label);
        return label;
    }

    /** A labelled text field; {@code widthFraction} of a full-size field (1 for most). */
    Text text(Composite parent, String labelText, String id, int style, double widthFraction) {
        label(parent, labelText);
        Text text = Ids.set(new Text(parent, style), id);
        GridData data = new GridData(widthFraction < 1 ? SWT.BEGINNING : SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = (int) (fieldWidth * widthFraction);
        text.setLayoutData(data);
        return text;
    }

    Combo combo(Composite parent, String labelText, String id, List<Choice> choices) {
        label(parent, labelText);
        Combo combo = Ids.set(new Combo(parent, SWT.READ_ONLY), id);
        choices.forEach(choice -> combo.add(choice.label()));
        combo.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        return combo;
    }

    /** Gives every label the width of the widest, so that the grids' fields line up. */
    void alignLabels() {
        int labelWidth = labels.stream().mapToInt(label -> label.computeSize(SWT.DEFAULT, SWT.DEFAULT).x).max()
                .orElse(0);
        labels.forEach(label -> ((GridData) label.getLayoutData()).widthHint = labelWidth);
    }

    /** Shows or hides a grid, taking it out of the layout while hidden. */
    static void show(Composite grid, boolean show) {
        grid.setVisible(show);
        ((GridData) grid.getLayoutData()).exclude = !show;
    }

    /** Selects {@code word}, or {@code fallback} (the setting's default) for a word the form does not know. */
    static void select(Combo combo, List<Choice> choices, String word, String fallback) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).word().equalsIgnoreCase(word.strip())) {
                combo.select(i);
                return;
            }
        }
        if (!word.equals(fallback)) {
            select(combo, choices, fallback, fallback);
        }
    }

    /** The word of the selected choice; empty when none is selected. */
    static String word(Combo combo, List<Choice> choices) {
        int index = combo.getSelectionIndex();
        return index < 0 ? "" : choices.get(index).word();
    }
}
