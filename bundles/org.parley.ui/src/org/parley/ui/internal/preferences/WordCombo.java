package org.parley.ui.internal.preferences;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;

/**
 * A labelled read-only combo for a setting that takes one of a few words: it shows each word's
 * description and hands back the word. Takes two columns of its parent's grid.
 */
final class WordCombo {

    /** A word the setting takes and what the combo says for it. */
    record Choice(String word, String label) {
    }

    private final Combo combo;
    private final List<Choice> all;
    private List<Choice> choices;

    WordCombo(Composite parent, String label, String id, List<Choice> choices) {
        this.all = List.copyOf(choices);
        this.choices = all;
        Label caption = new Label(parent, SWT.NONE);
        caption.setText(label);
        combo = new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN);
        combo.setItems(choices.stream().map(Choice::label).toArray(String[]::new));
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(combo, id);
        Accessibility.name(combo, label.replace(":", ""));
    }

    /** Offers only the choices whose word {@code offered} accepts (all choices again with a predicate that accepts all). */
    void offer(Predicate<String> offered) {
        List<Choice> now = all.stream().filter(choice -> offered.test(choice.word())).toList();
        if (!now.equals(choices)) {
            choices = now;
            combo.setItems(choices.stream().map(Choice::label).toArray(String[]::new));
        }
    }

    /** Selects {@code word}; a word it does not know leaves nothing selected. */
    void show(String word) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).word().equals(word)) {
                combo.select(i);
                return;
            }
        }
        combo.deselectAll();
    }

    /** Calls {@code listener} with the word the user picks. */
    void onChange(Consumer<String> listener) {
        combo.addListener(SWT.Selection, event -> {
            int index = combo.getSelectionIndex();
            if (index >= 0) {
                listener.accept(choices.get(index).word());
            }
        });
    }

    void setEnabled(boolean enabled) {
        combo.setEnabled(enabled);
    }
}
