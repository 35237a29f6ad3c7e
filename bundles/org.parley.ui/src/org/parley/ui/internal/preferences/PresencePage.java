package org.parley.ui.internal.preferences;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/** The Presence page: per account, who may watch the user's status without asking. */
final class PresencePage {

    private final AccountEdits edits;
    private final Composite page;
    private final Label note;
    private final WordCombo policy;

    PresencePage(Composite parent, AccountEdits edits) {
        this.edits = edits;
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        new AccountChooser(page, edits, "prefs.presenceAccount");
        note = PageParts.note(page);
        policy = new WordCombo(page, "Who may see my status:", "prefs.presencePolicy", List.of(
                new WordCombo.Choice("contacts", "My contacts; others wait for my answer"),
                new WordCombo.Choice("accept", "Everybody"),
                new WordCombo.Choice("ask", "Nobody without my answer, contacts included"),
                new WordCombo.Choice("refuse", "Nobody")));
        policy.onChange(word -> edits.set(AccountEdits.PRESENCE_POLICY, word));
        edits.onSelection(this::refresh);
        refresh();
    }

    Control control() {
        return page;
    }

    private void refresh() {
        if (page.isDisposed()) {
            return;
        }
        boolean editable = edits.editable();
        PageParts.sayWhyNotEditable(note, edits, AccountEdits.PRESENCE_POLICY);
        policy.offer(edits::takesPresencePolicy);
        policy.show(edits.value(AccountEdits.PRESENCE_POLICY));
        policy.setEnabled(editable && !edits.locked(AccountEdits.PRESENCE_POLICY));
    }
}
