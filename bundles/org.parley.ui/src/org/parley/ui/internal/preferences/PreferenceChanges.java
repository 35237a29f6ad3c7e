package org.parley.ui.internal.preferences;

import java.util.Map;

import org.parley.core.account.AccountId;

/**
 * What the user changed in the Preferences dialog, by configuration: only properties whose value
 * differs from what the dialog showed.
 *
 * @param devices  properties of the device configuration (role property to device id, {@code ""} for the default)
 * @param accounts properties of each account's configuration
 * @param window   properties of the window's configuration {@value UiSettings#PID}
 */
record PreferenceChanges(Map<String, String> devices, Map<AccountId, Map<String, String>> accounts,
        Map<String, Object> window) {

    boolean isEmpty() {
        return devices.isEmpty() && accounts.isEmpty() && window.isEmpty();
    }
}
