package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

/**
 * Delivers the session's changes to a control's owner on the UI thread, in batches: changes
 * that arrive while a batch waits for the UI thread join it. Stops when the control is disposed.
 */
public final class UiWatch {

    private final Display display;
    private final Control owner;
    private final Consumer<List<SessionChange>> onUi;
    private final List<SessionChange> pending = new ArrayList<>();
    private AutoCloseable handle;

    private UiWatch(Display display, Control owner, Consumer<List<SessionChange>> onUi) {
        this.display = display;
        this.owner = owner;
        this.onUi = onUi;
    }

    /** Starts passing {@code session}'s changes to {@code onUi} until {@code owner} is disposed. */
    public static void start(Control owner, DesktopSession session, Consumer<List<SessionChange>> onUi) {
        UiWatch watch = new UiWatch(owner.getDisplay(), owner, onUi);
        watch.handle = session.watch(watch::arrived);
        owner.addDisposeListener(event -> watch.stop());
    }

    /** Starts passing {@code session}'s changes to {@code onUi} until the display is disposed or the handle closed. */
    public static AutoCloseable start(Display display, DesktopSession session, Consumer<List<SessionChange>> onUi) {
        UiWatch watch = new UiWatch(display, null, onUi);
        watch.handle = session.watch(watch::arrived);
        display.disposeExec(watch::stop);
        return watch::stop;
    }

    private void arrived(SessionChange change) {
        boolean schedule;
        synchronized (pending) {
            schedule = pending.isEmpty();
            pending.add(change);
        }
        if (schedule && !display.isDisposed()) {
            display.asyncExec(this::deliver);
        }
    }

    private void deliver() {
        List<SessionChange> batch;
        synchronized (pending) {
            batch = List.copyOf(pending);
            pending.clear();
        }
        if (!display.isDisposed() && (owner == null || !owner.isDisposed())) {
            onUi.accept(batch);
        }
    }

    private void stop() {
        try {
            handle.close();
        } catch (Exception e) {
            // closing a watch only removes it from a list
        }
    }
}
