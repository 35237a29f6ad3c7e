package org.parley.ui.internal.preferences;

import java.util.Dictionary;
import java.util.Map;

/**
 * The desktop window's own settings, kept in the ConfigurationAdmin configuration {@value #PID}.
 *
 * @param notifications     whether incoming calls and messages show desktop notices
 * @param notificationSound whether those notices play a sound
 * @param startMinimized    whether the window starts hidden in the tray
 * @param closeToTray       whether closing the window hides it in the tray rather than quitting
 */
public record UiSettings(boolean notifications, boolean notificationSound, boolean startMinimized,
        boolean closeToTray) {

    /** The configuration that holds these settings. */
    public static final String PID = "org.parley.ui";

    public static final String NOTIFICATIONS = "notifications";
    public static final String NOTIFICATION_SOUND = "notificationSound";
    public static final String START_MINIMIZED = "startMinimized";
    public static final String CLOSE_TO_TRAY = "closeToTray";

    /** What applies while nothing is configured. */
    public static final UiSettings DEFAULTS = new UiSettings(true, true, false, true);

    /**
     * Reads the settings from a configuration's properties; a property that is absent or neither
     * {@code true} nor {@code false} (as a Boolean or a string in any case) keeps its default.
     *
     * @param properties the configuration's properties; {@code null} (no configuration yet) gives the defaults
     */
    public static UiSettings from(Dictionary<String, ?> properties) {
        if (properties == null) {
            return DEFAULTS;
        }
        return new UiSettings(flag(properties.get(NOTIFICATIONS), DEFAULTS.notifications),
                flag(properties.get(NOTIFICATION_SOUND), DEFAULTS.notificationSound),
                flag(properties.get(START_MINIMIZED), DEFAULTS.startMinimized),
                flag(properties.get(CLOSE_TO_TRAY), DEFAULTS.closeToTray));
    }

    /** The window's settings as configured now ({@link #DEFAULTS} without ConfigurationAdmin or a configuration). */
    public static UiSettings current(org.parley.ui.internal.session.DesktopSession session) {
        return session.configurations().map(admin -> {
            try {
                return from(admin.getConfiguration(PID, "?").getProperties());
            } catch (java.io.IOException e) {
                return DEFAULTS;
            }
        }).orElse(DEFAULTS);
    }

    /** The settings as configuration properties. */
    public Map<String, Object> toProperties() {
        return Map.of(NOTIFICATIONS, notifications, NOTIFICATION_SOUND, notificationSound,
                START_MINIMIZED, startMinimized, CLOSE_TO_TRAY, closeToTray);
    }

    private static boolean flag(Object value, boolean fallback) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        String word = value == null ? "" : value.toString().strip();
        if (word.equalsIgnoreCase("true")) {
            return true;
        }
        if (word.equalsIgnoreCase("false")) {
            return false;
        }
        return fallback;
    }
}
