package org.parley.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Parley's real e4 workbench, started from its application model on a thread of its own (the
 * UI thread), and a robot for it: finds controls by their {@code parley.id}, types, clicks
 * (through the same SWT events a mouse would cause) and waits for what the window shows.
 */
final class RunningWindow implements AutoCloseable {

    static final String KEY = "parley.id";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Thread uiThread;
    private volatile Display display;
    private volatile E4Workbench workbench;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RunningWindow() {
        CountDownLatch started = new CountDownLatch(1);
        uiThread = new Thread(() -> {
            try {
                display = new Display();
                workbench = new E4Application().createE4Workbench(new ParleyUiContext(), display);
                started.countDown();
                workbench.createAndRunUI(workbench.getApplication());
            } catch (Throwable t) {
                failure.set(t);
                started.countDown();
            } finally {
                if (display != null && !display.isDisposed()) {
                    display.dispose();
                }
                ended.countDown();
            }
        }, "parley-test-ui");
        uiThread.start();
        try {
            started.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new AssertionError("the workbench did not start", failure.get());
        }
    }

    /** Starts the workbench and waits until the main window is visible. */
    static RunningWindow start() {
        RunningWindow window = new RunningWindow();
        window.await("the main window is shown", () -> window.mainShell().isPresent());
        return window;
    }

    Display display() {
        return display;
    }

    /** Runs {@code action} on the UI thread and returns its result. */
    <T> T ui(Supplier<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(action.get());
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        if (thrown.get() != null) {
            throw thrown.get();
        }
        return result.get();
    }

    /** Runs {@code action} on the UI thread without waiting: for clicks that open modal dialogs. */
    void later(Runnable action) {
        display.asyncExec(action);
    }

    Optional<Shell> mainShell() {
        return ui(() -> Arrays.stream(display.getShells()).filter(s -> s.isVisible() && "Parley".equals(s.getText()))
                .findFirst());
    }

    /** A visible shell whose title starts with {@code title}, waiting for it. */
    Shell shell(String title) {
        AtomicReference<Shell> found = new AtomicReference<>();
        await("a window titled '" + title + "' opens", () -> {
            found.set(ui(() -> Arrays.stream(display.getShells()).filter(s -> !s.isDisposed() && s.isVisible()
                    && s.getText().startsWith(title)).findFirst().orElse(null)));
            return found.get() != null;
        });
        return found.get();
    }

    boolean shellOpen(String title) {
        return ui(() -> Arrays.stream(display.getShells())
                .anyMatch(s -> !s.isDisposed() && s.isVisible() && s.getText().startsWith(title)));
    }

    /** The control named {@code id} in any visible shell, waiting for it to exist. */
    <C extends Control> C control(String id, Class<C> type) {
        AtomicReference<Control> found = new AtomicReference<>();
        await("a control '" + id + "' appears", () -> {
            found.set(ui(() -> find(id).orElse(null)));
            return found.get() != null;
        });
        return type.cast(found.get());
    }

    /** The control named {@code id}, if one exists now (visible or not). */
    Optional<Control> find(String id) {
        return ui(() -> {
            for (Shell shell : display.getShells()) {
                Control found = RunningWindowIds.find(shell, id);
                if (found != null) {
                    return Optional.of(found);
                }
            }
            return Optional.empty();
        });
    }

    /** The control named {@code id} inside {@code root}, waiting for it. */
    <C extends Control> C control(Control root, String id, Class<C> type) {
        AtomicReference<Control> found = new AtomicReference<>();
        await("a control '" + id + "' appears in " + root, () -> {
            found.set(ui(() -> RunningWindowIds.find(root, id)));
            return found.get() != null;
        });
        return type.cast(found.get());
    }

    /** Types {@code text} into a text field (replacing what it held), as the keyboard would. */
    void type(Control field, String text) {
        ui(() -> {
            field.setFocus();
            if (field instanceof org.eclipse.swt.widgets.Text t) {
                t.setText(text);
            } else if (field instanceof org.eclipse.swt.widgets.Combo c) {
                c.setText(text);
            }
            return null;
        });
    }

    /** Presses Enter in {@code field}. */
    void enter(Control field) {
        later(() -> {
            Event event = new Event();
            event.keyCode = SWT.CR;
            event.character = '\r';
            field.notifyListeners(SWT.KeyDown, event);
            field.notifyListeners(SWT.DefaultSelection, new Event());
        });
    }

    /** Clicks a button (toggles flip first, as a real click does); does not wait for dialogs it opens. */
    void click(Button button) {
        later(() -> {
            if (button.isDisposed()) {
                return;
            }
            if ((button.getStyle() & (SWT.TOGGLE | SWT.CHECK | SWT.RADIO)) != 0) {
                button.setSelection(!button.getSelection());
            }
            button.notifyListeners(SWT.Selection, new Event());
        });
        sync();
    }

    void click(String id) {
        Button button = control(id, Button.class);
        await("'" + id + "' is enabled", () -> ui(() -> !button.isDisposed() && button.isEnabled()));
        click(button);
    }

    /** Sends {@code type} to {@code widget} on the UI thread, without waiting. */
    void fire(Widget widget, int type, Event event) {
        later(() -> widget.notifyListeners(type, event));
        sync();
    }

    /** Waits until the UI thread has handled what was posted before. */
    void sync() {
        ui(() -> null);
    }

    /** Reads {@code what} from {@code control} on the UI thread. */
    <C extends Control, T> T read(C control, Function<C, T> what) {
        return ui(() -> what.apply(control));
    }

    /** Waits until {@code condition} holds (checked every 100 ms), failing with {@code what} after the timeout. */
    void await(String what, Supplier<Boolean> condition) {
        await(what, TIMEOUT, condition);
    }

    void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(what + ": not within " + timeout.toSeconds() + " s");
    }

    /** Waits until {@code read} gives a value {@code wanted} accepts, and returns it. */
    <T> T awaitValue(String what, Supplier<T> read, Predicate<T> wanted) {
        List<T> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = read.get();
            if (wanted.test(value)) {
                return value;
            }
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
                seen.add(value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail(what + ": not within " + TIMEOUT.toSeconds() + " s; seen " + seen);
    }

    /** Saves what the screen shows of {@code shell} (frame included) as a PNG. */
    void screenshot(Shell shell, Path file) throws Exception {
        Thread.sleep(300);
        ui(() -> {
            while (display.readAndDispatch()) {
                // let everything paint
            }
            shell.update();
            Rectangle bounds = shell.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            GC gc = new GC(display);
            try {
                gc.copyArea(image, bounds.x, bounds.y);
                ImageLoader loader = new ImageLoader();
                loader.data = new ImageData[] { image.getImageData() };
                Files.createDirectories(file.getParent());
                loader.save(file.toString(), SWT.IMAGE_PNG);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                gc.dispose();
                image.dispose();
            }
            return null;
        });
        assertTrue(Files.size(file) > 1000, "the screenshot " + file + " was written");
        assertEquals(ui(() -> shell.getBounds().width), new ImageLoader().load(file.toString())[0].width,
                "the screenshot has the window's width");
    }

    @Override
    public void close() throws Exception {
        if (!display.isDisposed()) {
            later(() -> workbench.close());
        }
        assertTrue(ended.await(30, TimeUnit.SECONDS), "the workbench closed");
    }

    /** What the launcher would give E4Application: Parley's product branding, no arguments. */
    private static final class ParleyUiContext implements IApplicationContext {
        private final Bundle ui = Arrays.stream(FrameworkUtil.getBundle(RunningWindow.class).getBundleContext()
                .getBundles()).filter(b -> b.getSymbolicName().equals("org.parley.ui")).findFirst()
                .orElseThrow(() -> new AssertionError("org.parley.ui is installed"));

        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, new String[] { "-clearPersistedState" });
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return "org.eclipse.e4.ui.workbench.swt.E4Application";
        }

        @Override
        public String getBrandingName() {
            return "Parley";
        }

        @Override
        public String getBrandingDescription() {
            return "Parley";
        }

        @Override
        public String getBrandingId() {
            return "org.parley.ui.product";
        }

        @Override
        public String getBrandingProperty(String key) {
            return switch (key) {
                case "applicationXMI" -> "org.parley.ui/Application.e4xmi";
                case "appName" -> "Parley";
                default -> null;
            };
        }

        @Override
        public Bundle getBrandingBundle() {
            return ui;
        }

        @Override
        public void setResult(Object result, IApplication application) {
        }
    }
}
