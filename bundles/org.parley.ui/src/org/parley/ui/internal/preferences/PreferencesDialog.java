package org.parley.ui.internal.preferences;

import java.util.Optional;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.WindowActions;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The Preferences dialog: sound devices, the calls and presence settings of each account, and the
 * window's notifications and startup. The settings are read when it opens; OK writes what the user
 * changed into ConfigurationAdmin (off the UI thread, after the dialog closed), Cancel forgets it.
 */
public final class PreferencesDialog extends Dialog {

    private final DesktopSession session;
    private final WindowActions window;
    private final AccountEdits accountEdits = new AccountEdits();
    private AudioPage audio;
    private StartupPage startup;
    private Label status;
    /** Whether the settings were read and can be written. */
    private boolean canSave;

    private PreferencesDialog(WindowActions window, DesktopSession session) {
        super(window.shell());
        this.window = window;
        this.session = session;
    }

    /** Opens the dialog over the main window and returns when the user closed it. */
    public static void open(WindowActions window, DesktopSession session) {
        new PreferencesDialog(window, session).open();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Preferences");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        TabFolder tabs = new TabFolder(area, SWT.TOP);
        tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Ids.set(tabs, "prefs.tabs");
        audio = new AudioPage(tabs, session);
        tab(tabs, "Audio", audio.control());
        tab(tabs, "Calls", new CallsPage(tabs, accountEdits).control());
        tab(tabs, "Presence", new PresencePage(tabs, accountEdits).control());
        startup = new StartupPage(tabs);
        tab(tabs, "Notifications && startup", startup.control());
        Optional<Runnable> restart = window.canRestart() ? Optional.of(() -> {
            close();
            window.restart();
        }) : Optional.empty();
        tab(tabs, "Plugins", new PluginsPage(tabs, session, restart).control());
        status = new Label(area, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(status, "prefs.status");
        status.setText("Reading the settings…");
        load();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        Ids.set(getButton(IDialogConstants.OK_ID), "prefs.ok");
        Ids.set(getButton(IDialogConstants.CANCEL_ID), "prefs.cancel");
        getButton(IDialogConstants.OK_ID).setEnabled(canSave);
    }

    private static void tab(TabFolder tabs, String text, Control page) {
        TabItem item = new TabItem(tabs, SWT.NONE);
        item.setText(text);
        item.setControl(page);
    }

    private void load() {
        Display display = status.getDisplay();
        Thread.ofPlatform().daemon().name("parley-preferences-read").start(() -> {
            PreferencesSnapshot snapshot = null;
            String failure = null;
            try {
                snapshot = PreferencesStore.load(session);
            } catch (Exception e) {
                failure = "The settings cannot be read: " + e.getMessage();
            }
            PreferencesSnapshot read = snapshot;
            String problem = failure;
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        show(read, problem);
                    }
                });
            }
        });
    }

    private void show(PreferencesSnapshot snapshot, String problem) {
        if (snapshot == null) {
            status.setText(problem);
            return;
        }
        audio.show(snapshot);
        accountEdits.load(snapshot.accounts(), snapshot.codecs());
        startup.show(snapshot.window(), snapshot.configurable());
        status.setText(snapshot.configurable() ? ""
                : "The configuration service is not running: the settings cannot be changed.");
        canSave = snapshot.configurable();
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(canSave);
        }
        getShell().layout(true, true);
    }

    @Override
    protected void okPressed() {
        PreferenceChanges changes = new PreferenceChanges(audio.changes(), accountEdits.changes(), startup.changes());
        Optional<ConfigurationAdmin> admin = session.configurations();
        if (!changes.isEmpty() && admin.isPresent()) {
            save(session, admin.get(), changes, getParentShell(), getShell().getDisplay());
        }
        super.okPressed();
    }

    private static void save(DesktopSession session, ConfigurationAdmin admin, PreferenceChanges changes, Shell owner,
            Display display) {
        Thread.ofPlatform().daemon().name("parley-preferences-write").start(() -> {
            try {
                PreferencesStore.write(session, admin, changes);
            } catch (Exception e) {
                if (!display.isDisposed()) {
                    display.asyncExec(() -> MessageDialog.openError(owner == null || owner.isDisposed() ? null : owner,
                            "Preferences", "Some preferences could not be saved: " + e.getMessage()));
                }
            }
        });
    }
}
