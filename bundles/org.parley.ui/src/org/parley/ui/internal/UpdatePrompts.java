package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.PluginFeature;
import org.parley.core.plugins.Plugins;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

/**
 * What the window does with the update check's findings: when the policy says to ask, it asks
 * whether to install the updates now (and installs them off the UI thread); an update the policy
 * installed by itself is told in a notice.
 */
final class UpdatePrompts {

    private final Display display;
    private final DesktopSession session;
    private final WindowActions actions;
    private boolean asking;

    private UpdatePrompts(Display display, DesktopSession session, WindowActions actions) {
        this.display = display;
        this.session = session;
        this.actions = actions;
    }

    /** Starts following the update check until the display goes or the handle is closed. */
    static AutoCloseable install(Display display, DesktopSession session, WindowActions actions) {
        UpdatePrompts prompts = new UpdatePrompts(display, session, actions);
        return UiWatch.start(display, session, prompts::changed);
    }

    private void changed(List<SessionChange> changes) {
        for (SessionChange change : changes) {
            if (change instanceof SessionChange.PluginsChanged plugins) {
                switch (plugins.event()) {
                    case PluginEvent.UpdatesAvailable available -> ask(available.updates());
                    case PluginEvent.Updated updated when updated.change() instanceof PluginChange.RestartNeeded ->
                            offerRestart(updated.feature().name() + " " + updated.feature().version() + " is installed.");
                    case PluginEvent.Updated updated -> Notices.show(display, session, "Parley updated",
                            updated.feature().name() + " " + updated.feature().version() + " is in use now.");
                    case PluginEvent.CheckFailed failed -> {
                        // logged by the update check; nothing a person has to act on now
                    }
                }
            }
        }
    }

    /** Says what was installed and that a restart finishes it, offering to restart now where Parley can. */
    private void offerRestart(String what) {
        if (!actions.canRestart()) {
            MessageDialog.openInformation(actions.shell(), "Updates for Parley", what + "\n\nRestart Parley to finish.");
        } else if (MessageDialog.openQuestion(actions.shell(), "Updates for Parley",
                what + "\n\nParley must restart to finish. Restart now?")) {
            actions.restart();
        }
    }

    private void ask(List<PluginFeature> updates) {
        if (asking || session.plugins().isEmpty()) {
            return;
        }
        String names = updates.stream().map(update -> update.name() + " " + update.version())
                .collect(Collectors.joining("\n"));
        StartupReport.step("updates-asked");
        asking = true;
        boolean install;
        try {
            install = MessageDialog.openQuestion(actions.shell(), "Updates for Parley",
                    "Newer versions are available:\n\n" + names + "\n\nInstall them now?");
        } finally {
            asking = false;
        }
        if (install) {
            Plugins plugins = session.plugins().get();
            Thread.ofPlatform().daemon().name("parley-update-install").start(() -> {
                List<String> outcome = new ArrayList<>();
                boolean restart = false;
                for (PluginFeature update : updates) {
                    try {
                        PluginChange change = plugins.update(update.id());
                        restart |= change instanceof PluginChange.RestartNeeded;
                        outcome.add(update.name() + " " + update.version() + (change instanceof PluginChange.RestartNeeded
                                ? ": restart Parley to finish" : ": in use now"));
                    } catch (PluginException | RuntimeException failed) {
                        outcome.add(update.name() + ": " + failed.getMessage());
                    }
                }
                boolean offer = restart;
                OnUiThread.run(display, () -> {
                    if (offer) {
                        offerRestart(String.join("\n", outcome));
                    } else {
                        MessageDialog.openInformation(actions.shell(), "Updates for Parley", String.join("\n", outcome));
                    }
                });
            });
        }
    }
}
