package org.parley.ui.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The desktop product's life: it begins with the window and ends with it. The desktop launcher
 * starts the framework at a start level below the capability bundles' (SIP, media, history ...),
 * so that the window opens without waiting for them, and names in {@value #PROPERTY} the level to
 * go on to; this component, started with the window's bundle, asks the framework to go there, so
 * the capabilities start while the window is being built (the window shows them as they come, as
 * it does for any bundle that starts). When the window closes for good, {@link #windowClosed}
 * stops the framework (accounts unregister, calls end) and ends the process. Without the property
 * (tests, an embedding application) it does neither.
 */
@Component(immediate = true, service = DesktopLifecycle.class)
public final class DesktopLifecycle {

    static final String PROPERTY = "parley.desktop.startLevel";
    private static final long STOP_TIMEOUT_MS = 20_000;
    private static final System.Logger LOG = System.getLogger(DesktopLifecycle.class.getName());
    private BundleContext context;
    private final AtomicBoolean ending = new AtomicBoolean();

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        String wanted = context.getProperty(PROPERTY);
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        try {
            int level = Integer.parseInt(wanted.strip());
            FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
            if (framework.getStartLevel() < level) {
                framework.setStartLevel(level);
            }
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, PROPERTY + " is not a start level: " + wanted);
        }
    }

    /**
     * The window closed for good: in the desktop product, stops the framework on a thread of its
     * own and then ends the process (threads a library leaves running would keep it alive).
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
            System.exit(status);
        }, "parley-desktop-exit");
        stopper.setDaemon(false);
        stopper.start();
    }
}
