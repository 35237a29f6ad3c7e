package org.parley.ui.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.cm.Configuration;
import org.parley.core.provisioning.ProvisionedSettings;

/** Reading and changing a ConfigurationAdmin configuration's properties without losing the others. */
public final class ConfigurationProperties {

    private ConfigurationProperties() {
    }

    /** A copy of {@code properties}; empty for a configuration that has none yet (null). */
    public static Hashtable<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }

    /**
     * Sets {@code changes} in {@code configuration}, keeping its other properties; writes only if anything differs.
     *
     * @throws IllegalStateException if a change gives a setting the administrator locked another value
     */
    public static void merge(Configuration configuration, Map<String, ?> changes, Optional<ProvisionedSettings> locks)
            throws IOException {
        Hashtable<String, Object> updated = copy(configuration.getProperties());
        locks.ifPresent(settings -> settings.refuseLockedChanges(configuration.getPid(), updated, changes));
        updated.putAll(changes);
        configuration.updateIfDifferent(updated);
    }
}
