package org.parley.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps the user's own data (secrets, history, logs): the OSGi instance area,
 * which the launcher sets to {@code $PARLEY_DATA/workspace}, or the bundle's data area when the
 * framework has no instance area.
 */
public final class UserDataDirectory {

    private UserDataDirectory() {
    }

    /** The user's data directory as seen from {@code context}'s bundle. */
    public static Path of(BundleContext context) {
        String instanceArea = context.getProperty("osgi.instance.area");
        if (instanceArea != null && instanceArea.startsWith("file:")) {
            try {
                return Path.of(new URI(instanceArea.replace(" ", "%20")));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to the bundle's data area
            }
        }
        return context.getDataFile("").toPath();
    }
}
