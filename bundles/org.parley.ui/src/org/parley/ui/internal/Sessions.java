package org.parley.ui.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.ui.internal.session.DesktopSession;

/** Finds the bundle's {@link DesktopSession} for the window's parts. */
public final class Sessions {

    private static final long WAIT_MS = 10_000;

    private Sessions() {
    }

    /** The session; SCR makes it as soon as the UI bundle is active, so waiting is short. */
    public static DesktopSession await() {
        BundleContext context = FrameworkUtil.getBundle(Sessions.class).getBundleContext();
        ServiceTracker<DesktopSession, DesktopSession> tracker = new ServiceTracker<>(context, DesktopSession.class, null);
        tracker.open();
        try {
            DesktopSession session = tracker.waitForService(WAIT_MS);
            if (session == null) {
                throw new IllegalStateException("The desktop session component did not start (is Felix SCR running?)");
            }
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the desktop session", e);
        } finally {
            tracker.close();
        }
    }
}
