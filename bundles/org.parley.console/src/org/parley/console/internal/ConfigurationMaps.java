package org.parley.console.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;

/** A configuration's properties as a map, for comparing them. */
final class ConfigurationMaps {

    private ConfigurationMaps() {
    }

    /** The properties, empty for none (null). */
    static Map<String, Object> of(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, properties.get(key));
            }
        }
        return map;
    }
}
