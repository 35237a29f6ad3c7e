package org.parley.ui.internal.accounts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.ui.internal.Ids;

/** The account dialog's status line under the form: a hint, what is going on, or how a test went. */
final class StatusLine {

    /** How the status line looks. */
    enum Tone {
        HINT, BUSY, SUCCESS, ERROR
    }

    private final Label label;

    StatusLine(Composite parent, int width) {
        label = Ids.set(new Label(parent, SWT.WRAP), "account.status");
        GridData data = new GridData(SWT.FILL, SWT.BEGINNING, true, false);
        data.widthHint = width;
        data.heightHint = label.computeSize(SWT.DEFAULT, SWT.DEFAULT).y * 2;
        label.setLayoutData(data);
    }

    void show(String text, Tone tone) {
        label.setText(text);
        int color = switch (tone) {
            case ERROR -> SWT.COLOR_DARK_RED;
            case SUCCESS -> SWT.COLOR_DARK_GREEN;
            case HINT, BUSY -> SWT.COLOR_WIDGET_FOREGROUND;
        };
        label.setForeground(label.getDisplay().getSystemColor(color));
    }
}
