package org.parley.ui.example.notes.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * The windows a component opened, so that it can close them when it is deactivated.
 *
 * <p>For plugin authors: the main window removes what it built from your services (the tab, the
 * menu entry, the button) when they go away; windows you opened yourself you close yourself.
 * Deactivation runs on whichever thread stops the bundle, hence {@code asyncExec}.
 */
final class OwnedShells {

    private final Map<Shell, Display> shells = new ConcurrentHashMap<>();

    /** Keeps {@code shell} until it is disposed; on the UI thread. */
    void add(Shell shell) {
        if (shells.putIfAbsent(shell, shell.getDisplay()) == null) {
            shell.addListener(SWT.Dispose, event -> shells.remove(shell));
        }
    }

    /** Disposes every window still open; from any thread. */
    void closeAll() {
        shells.forEach((shell, display) -> {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!shell.isDisposed()) {
                        shell.dispose();
                    }
                });
            }
        });
    }
}
