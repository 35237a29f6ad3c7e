package org.parley.ui.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.cm.Configuration;

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

    /** Sets {@code changes} in {@code configuration}, keeping its other properties; writes only if anything differs. */
    public static void merge(Configuration configuration, Map<String, ?> changes) throws IOException {
        Hashtable<String, Object> updated = copy(configuration.getProperties());
        updated.putAll(changes);
        configuration.updateIfDifferent(updated);
    }
}
