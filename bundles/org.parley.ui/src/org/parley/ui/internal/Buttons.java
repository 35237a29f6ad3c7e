package org.parley.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;

/** Push buttons of the window, named for tests. */
final class Buttons {

    private Buttons() {
    }

    static Button push(Composite parent, String text, String id, Runnable action) {
        Button button = Ids.set(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.addListener(SWT.Selection, event -> action.run());
        return button;
    }
}
