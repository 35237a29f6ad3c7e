package org.parley.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IPresentationEngine;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;

/**
 * Opens the main window where and as large as it was last time ({@link WindowGeometry}), and
 * keeps its file current while the window moves, is resized or maximised, and when it closes.
 */
final class WindowPlacement {

    static final String FILE = "window.properties";
    private static final System.Logger LOG = System.getLogger(WindowPlacement.class.getName());
    /** Moving or resizing sends many events: the file is written once they have stopped this long. */
    private static final int QUIET_MS = 500;

    private final Shell shell;
    private final Path file;
    private WindowGeometry normal;
    private boolean writePending;

    private WindowPlacement(Shell shell, Path file) {
        this.shell = shell;
        this.file = file;
        Rectangle bounds = shell.getBounds();
        this.normal = new WindowGeometry(bounds.x, bounds.y, bounds.width, bounds.height, false);
    }

    /** Sets the model's window to the stored geometry, if there is one that fits today's screens. */
    static void restore(MWindow window, Display display, Path dataDirectory) {
        List<WindowGeometry.Area> screens = Arrays.stream(display.getMonitors()).map(monitor -> {
            Rectangle area = monitor.getClientArea();
            return new WindowGeometry.Area(area.x, area.y, area.width, area.height);
        }).toList();
        WindowGeometry.read(dataDirectory.resolve(FILE)).flatMap(stored -> stored.fittedTo(screens)).ifPresent(geometry -> {
            window.setX(geometry.x());
            window.setY(geometry.y());
            window.setWidth(geometry.width());
            window.setHeight(geometry.height());
            if (geometry.maximized() && !window.getTags().contains(IPresentationEngine.WINDOW_MAXIMIZED_TAG)) {
                window.getTags().add(IPresentationEngine.WINDOW_MAXIMIZED_TAG);
            }
        });
    }

    /** Writes the shell's geometry to the file whenever it changes; call on the UI thread. */
    static void follow(Shell shell, Path dataDirectory) {
        WindowPlacement placement = new WindowPlacement(shell, dataDirectory.resolve(FILE));
        Listener changed = event -> placement.changed();
        shell.addListener(SWT.Move, changed);
        shell.addListener(SWT.Resize, changed);
        shell.addListener(SWT.Close, event -> placement.write());
    }

    private void changed() {
        if (shell.isDisposed()) {
            return;
        }
        if (!shell.getMaximized() && !shell.getMinimized() && shell.isVisible()) {
            Rectangle bounds = shell.getBounds();
            normal = new WindowGeometry(bounds.x, bounds.y, bounds.width, bounds.height, false);
        }
        if (!writePending) {
            writePending = true;
            shell.getDisplay().timerExec(QUIET_MS, this::write);
        }
    }

    private void write() {
        writePending = false;
        if (shell.isDisposed() || shell.getMinimized()) {
            return;
        }
        WindowGeometry now = new WindowGeometry(normal.x(), normal.y(), normal.width(), normal.height(),
                shell.getMaximized());
        try {
            now.write(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "The window's size and place cannot be kept in " + file + ": "
                    + e.getMessage());
        }
    }
}
