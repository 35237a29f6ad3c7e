package org.parley.update.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.PluginFeature;
import org.parley.core.plugins.PluginListener;
import org.parley.core.plugins.Plugins;

/**
 * Looks for updates as the plugin policy says (after the start, then every few hours) and tells the
 * {@link PluginListener}s what it found, or installs the updates itself.
 */
@Component(configurationPid = Plugins.CONFIGURATION_PID, immediate = true, service = {})
public final class UpdateCheck {

    private static final Logger LOG = Logger.getLogger(UpdateCheck.class.getName());
    private static final int MIN_DELAY_SECONDS = 2;

    private final Plugins plugins;
    private final PluginPolicy policy;
    private final List<PluginListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-update-check");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public UpdateCheck(@Reference Plugins plugins, PluginPolicy policy) {
        this.plugins = plugins;
        this.policy = policy;
        if (policy.updates() == PluginPolicy.Updates.OFF) {
            return;
        }
        long hours = policy.intervalHours();
        // at least a few seconds: a configuration change replaces this component and the plugin manager
        // together, and the replaced check must not get to run
        long first = policy.checkOnStart() ? Math.max(MIN_DELAY_SECONDS, policy.startDelaySeconds())
                : TimeUnit.HOURS.toSeconds(hours);
        if (hours > 0) {
            timer.scheduleWithFixedDelay(this::check, first, TimeUnit.HOURS.toSeconds(hours), TimeUnit.SECONDS);
        } else if (policy.checkOnStart()) {
            timer.schedule(this::check, first, TimeUnit.SECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PluginListener listener) {
        listeners.add(listener);
    }

    void removeListener(PluginListener listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void check() {
        List<PluginFeature> updates;
        try {
            updates = plugins.updates();
        } catch (PluginException | RuntimeException failed) {
            tell(new PluginEvent.CheckFailed("Looking for updates failed: " + failed.getMessage()));
            return;
        }
        if (updates.isEmpty()) {
            return;
        }
        if (policy.updates() == PluginPolicy.Updates.NOTIFY) {
            tell(new PluginEvent.UpdatesAvailable(updates));
            return;
        }
        for (PluginFeature update : updates) {
            try {
                PluginChange change = plugins.update(update.id());
                tell(new PluginEvent.Updated(update, change));
            } catch (PluginException | RuntimeException failed) {
                tell(new PluginEvent.CheckFailed("Updating " + update.id() + " to " + update.version() + " failed: "
                        + failed.getMessage()));
            }
        }
    }

    private void tell(PluginEvent event) {
        LOG.info("Update check: " + event);
        for (PluginListener listener : listeners) {
            try {
                listener.pluginsChanged(event);
            } catch (RuntimeException failed) {
                LOG.warning("A plugin listener failed on " + event + ": " + failed);
            }
        }
    }
}
