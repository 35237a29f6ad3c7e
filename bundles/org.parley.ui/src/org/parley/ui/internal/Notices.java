package org.parley.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.parley.ui.internal.preferences.UiSettings;

/**
 * Desktop notices: a small window in the screen's bottom right corner that closes by itself,
 * shown only while none of Parley's windows is active (the user is elsewhere).
 */
public final class Notices {

    private static final int SHOWN_MS = 6000;
    private static final int MAX_TEXT = 140;

    private Notices() {
    }

    /**
     * Shows {@code title} and {@code text} if the user is not looking at Parley and wants notices
     * (with a beep if they want that too).
     */
    public static void show(Display display, org.parley.ui.internal.session.DesktopSession session, String title, String text) {
        UiSettings settings = UiSettings.current(session);
        if (display.getActiveShell() != null || !settings.notifications()) {
            return;
        }
        if (settings.notificationSound()) {
            display.beep();
        }
        Shell notice = new Shell(display, SWT.ON_TOP | SWT.TOOL | SWT.NO_FOCUS);
        Ids.set(notice, "notice");
        notice.setText(title);
        notice.setLayout(new GridLayout(1, false));
        Label heading = new Label(notice, SWT.NONE);
        heading.setText(title);
        heading.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
        Label body = new Label(notice, SWT.WRAP);
        body.setText(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text);
        GridData bodyData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        bodyData.widthHint = 300;
        body.setLayoutData(bodyData);
        notice.pack();
        Rectangle screen = display.getPrimaryMonitor().getClientArea();
        var size = notice.getSize();
        notice.setLocation(screen.x + screen.width - size.x - 16, screen.y + screen.height - size.y - 16);
        notice.addListener(SWT.MouseUp, event -> notice.dispose());
        notice.setVisible(true);
        display.timerExec(SHOWN_MS, () -> {
            if (!notice.isDisposed()) {
                notice.dispose();
            }
        });
    }
}
