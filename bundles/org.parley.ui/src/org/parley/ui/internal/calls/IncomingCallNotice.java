package org.parley.ui.internal.calls;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.parley.core.telephony.Call;
import org.parley.ui.internal.Ids;

/**
 * A small window on top of everything for a ringing call, with Answer and Reject: shown even
 * when the main window is minimised or hidden in the tray; it closes when the call stops ringing.
 */
final class IncomingCallNotice {

    private final Shell shell;

    IncomingCallNotice(Display display, Call call, String caller, Runnable answered) {
        shell = Ids.set(new Shell(display, SWT.ON_TOP | SWT.TITLE | SWT.BORDER), "incoming:" + org.parley.ui.internal.session.CallKey.of(call));
        shell.setText("Incoming call — Parley");
        shell.setLayout(new GridLayout(2, true));
        Label who = new Label(shell, SWT.NONE);
        who.setText(caller + " is calling");
        who.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Label account = new Label(shell, SWT.NONE);
        account.setText("on " + call.account().value() + "  ·  Ctrl+Shift+A answers");
        account.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Button answer = Ids.set(new Button(shell, SWT.PUSH), "incoming.answer");
        answer.setText("Answer");
        answer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        answer.addListener(SWT.Selection, event -> {
            act(call::answer);
            answered.run();
        });
        Button reject = Ids.set(new Button(shell, SWT.PUSH), "incoming.reject");
        reject.setText("Reject");
        reject.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        reject.addListener(SWT.Selection, event -> act(() -> call.reject(false)));
        shell.setDefaultButton(answer);
        shell.pack();
        Rectangle screen = display.getPrimaryMonitor().getClientArea();
        shell.setLocation(screen.x + screen.width - shell.getSize().x - 16, screen.y + 16);
        shell.open();
    }

    private void act(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            // the caller gave up meanwhile: the notice closes with the call's end
        }
        close();
    }

    void close() {
        if (!shell.isDisposed()) {
            shell.dispose();
        }
    }
}
