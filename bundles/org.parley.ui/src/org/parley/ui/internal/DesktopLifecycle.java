package org.parley.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The desktop product's life: it begins with the window and ends with it. The desktop launcher
 * starts the framework at a start level below the capability bundles' (SIP, media, history ...),
 * so that the window opens without waiting for them, and names in {@value #PROPERTY} the level to
 * go on to; this component, started with the window's bundle, asks the framework to go there, so
 * the capabilities start while the window is being built (the window shows them as they come, as
 * it does for any bundle that starts). What the window's first seconds do not need (the plugin
 * manager, its update check) starts at the level named in {@value #LATER_PROPERTY}, which this
 * component goes on to a few seconds after {@link #windowShown}, so that it does not compete with
 * building the window and registering the accounts. When the window closes for good,
 * {@link #windowClosed} stops the framework (accounts unregister, calls end) and ends the process.
 * Without the properties (tests, an embedding application) it does none of this.
 */
@Component(immediate = true, service = DesktopLifecycle.class)
public final class DesktopLifecycle {

    static final String PROPERTY = "parley.desktop.startLevel";
    static final String LATER_PROPERTY = "parley.desktop.laterStartLevel";
    /** The launcher that started this process (set by the product's launcher), to start Parley again. */
    static final String LAUNCHER_PROPERTY = "parley.launcher";
    /** From the window shown to the later start level. */
    static final long LATER_DELAY_MS = 3_000;
    /** The later start level is reached by then even if the window never shows. */
    static final long LATER_AT_THE_LATEST_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 20_000;
    private static final System.Logger LOG = System.getLogger(DesktopLifecycle.class.getName());
    private BundleContext context;
    private final AtomicBoolean ending = new AtomicBoolean();
    private volatile boolean startAgain;
    private final AtomicBoolean laterReached = new AtomicBoolean();
    private volatile boolean active;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        active = true;
        raiseTo(PROPERTY);
        if (context.getProperty(LATER_PROPERTY) != null) {
            later(LATER_AT_THE_LATEST_MS);
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    /** The window is shown and its first events handled: the later start level follows shortly. */
    void windowShown() {
        if (context != null && context.getProperty(LATER_PROPERTY) != null) {
            later(LATER_DELAY_MS);
        }
    }

    private void later(long delayMs) {
        CompletableFuture.runAsync(() -> {
            // once only, and never while the framework stops (its start level is then going down)
            if (active && context.getBundle(0).getState() == Bundle.ACTIVE && !laterReached.getAndSet(true)
                    && raiseTo(LATER_PROPERTY)) {
                StartupReport.step("later-start-level");
            }
        }, CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS));
    }

    /** Raises the framework's start level to the one the property names, if it is below it; tells whether it did. */
    private boolean raiseTo(String property) {
        String wanted = context.getProperty(property);
        if (wanted == null || wanted.isBlank()) {
            return false;
        }
        try {
            int level = Integer.parseInt(wanted.strip());
            FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
            if (framework.getStartLevel() < level) {
                framework.setStartLevel(level);
                return true;
            }
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, property + " is not a start level: " + wanted);
        } catch (IllegalStateException stopped) {
            // the framework is stopping: no level to go to
        }
        return false;
    }

    /** The running window bundle's lifecycle component, if it is active. */
    static Optional<DesktopLifecycle> find() {
        Bundle bundle = FrameworkUtil.getBundle(DesktopLifecycle.class);
        BundleContext bundleContext = bundle == null ? null : bundle.getBundleContext();
        if (bundleContext == null) {
            return Optional.empty();
        }
        var reference = bundleContext.getServiceReference(DesktopLifecycle.class);
        return reference == null ? Optional.empty()
                : Optional.ofNullable(bundleContext.getService(reference));
    }

    /** Whether {@link #startAgainAfterExit} can start Parley again: the desktop product, from its launcher. */
    boolean canStartAgain() {
        return context != null && context.getProperty(PROPERTY) != null && launcher().isPresent();
    }

    /**
     * Once the window has closed and the framework stopped, starts the launcher again (a restart, for
     * changes that need one); the caller then closes the window. Without a launcher it does nothing.
     */
    void startAgainAfterExit() {
        startAgain = canStartAgain();
    }

    private Optional<Path> launcher() {
        String launcher = context.getProperty(LAUNCHER_PROPERTY);
        return launcher == null || launcher.isBlank() ? Optional.empty()
                : Optional.of(Path.of(launcher)).filter(Files::isExecutable);
    }

    /**
     * The window closed for good: in the desktop product, stops the framework on a thread of its
     * own and then ends the process (threads a library leaves running would keep it alive), or, after
     * {@link #startAgainAfterExit}, starts a new process from the launcher first.
     */
    void windowClosed() {
        if (context == null || context.getProperty(PROPERTY) == null || !ending.compareAndSet(false, true)) {
            return;
        }
        Framework framework = (Framework) context.getBundle(0);
        Thread stopper = new Thread(() -> {
            int status = 0;
            try {
                framework.stop();
                if (framework.waitForStop(STOP_TIMEOUT_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    status = 1;
                    System.err.println("parley: the framework did not stop within " + STOP_TIMEOUT_MS / 1000 + " s; ending anyway");
                }
            } catch (BundleException | InterruptedException | RuntimeException e) {
                status = 1;
                System.err.println("parley: stopping the framework failed: " + e);
            }
            if (startAgain) {
                try {
                    // the same environment (data directory, JVM options); it starts once this process has
                    // ended, which releases the workspace, and outlives it
                    new ProcessBuilder("/bin/sh", "-c", "while kill -0 \"$0\" 2>/dev/null; do sleep 0.1; done; exec \"$1\"",
                            String.valueOf(ProcessHandle.current().pid()), launcher().orElseThrow().toString())
                            .inheritIO().start();
                } catch (IOException | RuntimeException e) {
                    status = 1;
                    System.err.println("parley: starting Parley again failed: " + e);
                }
            }
            System.exit(status);
        }, "parley-desktop-exit");
        stopper.setDaemon(false);
        stopper.start();
    }
}
