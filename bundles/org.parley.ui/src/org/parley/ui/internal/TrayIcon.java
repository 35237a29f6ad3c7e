package org.parley.ui.internal;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Tray;
import org.eclipse.swt.widgets.TrayItem;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

/**
 * The system tray icon: the user's own availability as a coloured dot with a red badge while
 * calls were missed or messages are unread, the counts in its tooltip; clicking it shows the
 * window. Desktops without a tray get none.
 */
final class TrayIcon {

    private final Display display;
    private final DesktopSession session;
    private final TrayItem item;
    private Image badged;

    private TrayIcon(Display display, DesktopSession session, WindowActions actions, Tray tray) {
        this.display = display;
        this.session = session;
        item = new TrayItem(tray, SWT.NONE);
        item.addListener(SWT.Selection, event -> actions.showWindow());
        Menu menu = new Menu(actions.shell() != null ? actions.shell() : new org.eclipse.swt.widgets.Shell(display), SWT.POP_UP);
        MenuItem show = new MenuItem(menu, SWT.PUSH);
        show.setText("Show Parley");
        show.addListener(SWT.Selection, event -> actions.showWindow());
        MenuItem quit = new MenuItem(menu, SWT.PUSH);
        quit.setText("Quit");
        quit.addListener(SWT.Selection, event -> actions.quit());
        item.addListener(SWT.MenuDetect, event -> menu.setVisible(true));
        refresh();
    }

    /** Whether the desktop shows tray icons (a window hidden there can be brought back). */
    static boolean available(Display display) {
        return display.getSystemTray() != null;
    }

    static AutoCloseable install(Display display, DesktopSession session, WindowActions actions) {
        Tray tray = display.getSystemTray();
        if (tray == null) {
            return () -> {
            };
        }
        TrayIcon icon = new TrayIcon(display, session, actions, tray);
        AutoCloseable watch = UiWatch.start(display, session, changes -> icon.changed(changes));
        return () -> {
            watch.close();
            OnUiThread.run(display, icon::dispose);
        };
    }

    private void changed(List<SessionChange> changes) {
        if (!item.isDisposed()) {
            refresh();
        }
    }

    private void refresh() {
        Availability own = session.accounts().stream().map(account -> session.presence(account.id()))
                .flatMap(java.util.Optional::stream).map(Presence::ownStatus).map(status -> status.availability())
                .findFirst().orElse(Availability.OFFLINE);
        int missed = session.missedCalls();
        int unread = session.unreadMessages();
        Image base = PresenceIcons.of(display).icon(own);
        Image next = missed + unread == 0 ? null : badge(base);
        item.setImage(next != null ? next : base);
        if (badged != null) {
            badged.dispose();
        }
        badged = next;
        item.setToolTipText("Parley — " + Words.availability(own)
                + (missed > 0 ? " · " + missed + " missed" : "") + (unread > 0 ? " · " + unread + " unread" : ""));
    }

    private Image badge(Image base) {
        var bounds = base.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(image);
        try {
            gc.drawImage(base, 0, 0);
            gc.setBackground(display.getSystemColor(SWT.COLOR_RED));
            int size = Math.max(5, bounds.width / 2);
            gc.fillOval(bounds.width - size, 0, size, size);
        } finally {
            gc.dispose();
        }
        return image;
    }

    private void dispose() {
        if (!item.isDisposed()) {
            item.dispose();
        }
        if (badged != null) {
            badged.dispose();
        }
    }
}
