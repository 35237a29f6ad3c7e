package org.parley.core.provisioning;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The settings an administrator's provisioning files lock: the user sees them but cannot change them.
 * Settings are ConfigurationAdmin properties, named by the configuration's PID (for a factory
 * configuration {@code factoryPid~name}, as in {@code org.parley.sip.account~work}) and the property's key.
 * Whoever writes a configuration on the user's behalf (the console, the window) asks first and refuses
 * a change to a locked key, saying {@link #LOCKED_MESSAGE}.
 */
public interface ProvisionedSettings {

    /** The end of the message a refused change gives, after the setting's name. */
    String LOCKED_MESSAGE = "is set by your administrator and cannot be changed";

    /** The locked keys of a configuration; empty if none is locked. */
    Set<String> lockedKeys(String pid);

    /** Whether the key of the configuration is locked. */
    default boolean isLocked(String pid, String key) {
        return lockedKeys(pid).contains(key);
    }

    /**
     * Refuses {@code changes} to the configuration {@code pid} (now holding {@code current}) if they give a
     * locked key another value (compared as text).
     *
     * @throws IllegalStateException naming the first such key, ending in {@link #LOCKED_MESSAGE}
     */
    default void refuseLockedChanges(String pid, Map<String, ?> current, Map<String, ?> changes) {
        Set<String> locked = lockedKeys(pid);
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            if (locked.contains(change.getKey())
                    && !text(current.get(change.getKey())).equals(text(change.getValue()))) {
                throw new IllegalStateException(change.getKey() + " of " + pid + " " + LOCKED_MESSAGE);
            }
        }
    }

    private static String text(Object value) {
        return value instanceof Object[] array ? Arrays.toString(array) : String.valueOf(value);
    }
}
