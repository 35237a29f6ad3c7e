package org.parley.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/**
 * The main window's first part. It only greets for now; the contact list, accounts and the
 * dial field take its place as the capabilities arrive.
 */
public final class HomePart {

    @PostConstruct
    void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label title = new Label(parent, SWT.NONE);
        title.setText("Parley");
        title.setLayoutData(new GridData(SWT.CENTER, SWT.END, true, true));
        Label hint = new Label(parent, SWT.NONE);
        hint.setText("Calls, presence and messages. No account is set up yet.");
        hint.setLayoutData(new GridData(SWT.CENTER, SWT.BEGINNING, true, true));
    }
}
