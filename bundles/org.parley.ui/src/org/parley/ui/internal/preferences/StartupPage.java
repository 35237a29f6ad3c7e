package org.parley.ui.internal.preferences;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.parley.ui.internal.Ids;

/** The Notifications and startup page: the window's own {@link UiSettings}. */
final class StartupPage {

    private final Composite page;
    private final Button notifications;
    private final Button sound;
    private final Button startMinimized;
    private final Button closeToTray;
    private UiSettings shown;

    StartupPage(Composite parent) {
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        notifications = check("Show a desktop notice for incoming calls and messages", "prefs.notifications");
        sound = check("Play a sound with the notice", "prefs.sound");
        startMinimized = check("Start hidden in the tray", "prefs.startMinimized");
        closeToTray = check("Closing the window keeps Parley running in the tray", "prefs.closeToTray");
        ((GridData) sound.getLayoutData()).horizontalIndent = 20;
        notifications.addListener(SWT.Selection, event -> sound.setEnabled(notifications.getSelection()));
        for (Button button : new Button[] { notifications, sound, startMinimized, closeToTray }) {
            button.setEnabled(false);
        }
    }

    Control control() {
        return page;
    }

    void show(UiSettings settings, boolean configurable) {
        shown = settings;
        notifications.setSelection(settings.notifications());
        sound.setSelection(settings.notificationSound());
        startMinimized.setSelection(settings.startMinimized());
        closeToTray.setSelection(settings.closeToTray());
        notifications.setEnabled(configurable);
        sound.setEnabled(configurable && settings.notifications());
        startMinimized.setEnabled(configurable);
        closeToTray.setEnabled(configurable);
    }

    /** The settings the user changed, as configuration properties. */
    Map<String, Object> changes() {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (shown == null) {
            return changes;
        }
        UiSettings now = new UiSettings(notifications.getSelection(), sound.getSelection(),
                startMinimized.getSelection(), closeToTray.getSelection());
        Map<String, Object> before = shown.toProperties();
        now.toProperties().forEach((key, value) -> {
            if (!value.equals(before.get(key))) {
                changes.put(key, value);
            }
        });
        return changes;
    }

    private Button check(String text, String id) {
        Button button = new Button(page, SWT.CHECK);
        button.setText(text);
        Ids.set(button, id);
        button.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        return button;
    }
}
