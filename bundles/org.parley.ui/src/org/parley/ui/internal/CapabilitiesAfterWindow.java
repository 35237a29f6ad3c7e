package org.parley.ui.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets the window and the capabilities start side by side. The desktop launcher starts the
 * framework at a start level below the capability bundles' (SIP, media, history ...), so that
 * the window opens without waiting for them, and names in {@value #PROPERTY} the level to go on
 * to; this component, started with the window's bundle, asks the framework to go there. The
 * capabilities then arrive while the window is being built, and the window shows them as they
 * come, as it does for any bundle that starts. Without the property it does nothing.
 */
@Component(immediate = true)
public final class CapabilitiesAfterWindow {

    static final String PROPERTY = "parley.desktop.startLevel";
    private static final System.Logger LOG = System.getLogger(CapabilitiesAfterWindow.class.getName());

    @Activate
    void activate(BundleContext context) {
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
}
