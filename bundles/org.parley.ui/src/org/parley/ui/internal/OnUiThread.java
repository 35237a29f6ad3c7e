package org.parley.ui.internal;

import org.eclipse.swt.widgets.Display;

/** Runs clean-up that touches widgets on the UI thread, from whichever thread the window ends on. */
public final class OnUiThread {

    private OnUiThread() {
    }

    /** Runs {@code action} now when on {@code display}'s thread, else posts it; does nothing once the display is gone. */
    public static void run(Display display, Runnable action) {
        if (display.isDisposed()) {
            return;
        }
        if (display.getThread() == Thread.currentThread()) {
            action.run();
        } else {
            display.asyncExec(() -> {
                if (!display.isDisposed()) {
                    action.run();
                }
            });
        }
    }
}
