package org.parley.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Starts the real e4 workbench from Parley's application model on a (virtual) display, checks
 * that the main window opens titled "Parley", saves a screenshot of it and closes the workbench.
 */
class MainWindowTest {

    private static final long TIMEOUT_MS = 30_000;

    @Test
    void mainWindowOpensTitledParley() throws Exception {
        Display display = Display.getDefault();
        E4Workbench workbench = new E4Application().createE4Workbench(new ParleyUiContext(), display);
        assertNotNull(workbench, "the workbench was created from org.parley.ui/Application.e4xmi");

        AtomicReference<Shell> mainWindow = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        Runnable[] watch = new Runnable[1];
        watch[0] = () -> {
            try {
                Shell shell = Arrays.stream(display.getShells())
                        .filter(s -> s.isVisible() && "Parley".equals(s.getText())).findFirst().orElse(null);
                if (shell != null) {
                    mainWindow.set(shell);
                    saveScreenshot(display, shell, screenshotFile());
                    workbench.close();
                } else if (System.currentTimeMillis() > deadline) {
                    workbench.close();
                } else {
                    display.timerExec(200, watch[0]);
                }
            } catch (Throwable t) {
                failure.set(t);
                workbench.close();
            }
        };
        display.timerExec(500, watch[0]);
        workbench.createAndRunUI(workbench.getApplication());

        if (failure.get() != null) {
            throw new AssertionError("while the window was open", failure.get());
        }
        assertNotNull(mainWindow.get(), "a visible shell titled 'Parley' appeared within " + TIMEOUT_MS + " ms");
        Path screenshot = screenshotFile();
        assertTrue(Files.size(screenshot) > 1000, "the screenshot " + screenshot + " was written");
    }

    private static Path screenshotFile() {
        return Path.of(System.getProperty("parley.screenshots", "target/screenshots"), "main-window.png");
    }

    /** Captures the window's area of the screen (title bar included) into a PNG file. */
    private static void saveScreenshot(Display display, Shell shell, Path file) throws Exception {
        while (display.readAndDispatch()) {
            // let the window paint before capturing it
        }
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Files.createDirectories(file.getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
        assertEquals(bounds.width, loader(file).width, "the screenshot has the window's width");
    }

    private static ImageData loader(Path file) {
        return new ImageLoader().load(file.toString())[0];
    }

    /** What the launcher would give E4Application: Parley's product branding, no arguments. */
    private static final class ParleyUiContext implements IApplicationContext {
        private final Bundle ui = Arrays.stream(FrameworkUtil.getBundle(MainWindowTest.class).getBundleContext()
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
                case "applicationCSS" -> "platform:/plugin/org.parley.ui/css/parley.css";
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
