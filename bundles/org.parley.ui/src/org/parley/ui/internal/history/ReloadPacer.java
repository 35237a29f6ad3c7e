package org.parley.ui.internal.history;

import org.eclipse.swt.widgets.Display;

/**
 * Runs a reload when asked, but at most once per spacing: asks that come sooner are gathered into
 * one run at the end of the spacing. Used on the UI thread only.
 */
final class ReloadPacer {

    private final Display display;
    private final Runnable reload;
    private final long spacingNanos;
    private long lastRun;
    private boolean pending;

    ReloadPacer(Display display, int spacingMillis, Runnable reload) {
        this.display = display;
        this.reload = reload;
        this.spacingNanos = spacingMillis * 1_000_000L;
        this.lastRun = System.nanoTime() - spacingNanos;
    }

    void request() {
        if (pending) {
            return;
        }
        long wait = lastRun + spacingNanos - System.nanoTime();
        if (wait <= 0) {
            run();
        } else {
            pending = true;
            display.timerExec((int) Math.max(1, wait / 1_000_000L), this::run);
        }
    }

    private void run() {
        pending = false;
        lastRun = System.nanoTime();
        reload.run();
    }
}
