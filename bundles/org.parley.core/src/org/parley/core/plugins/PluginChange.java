package org.parley.core.plugins;

import java.util.List;
import java.util.Objects;

/** What an install, update or uninstall did to the running Parley. */
public sealed interface PluginChange {

    /** The features installed after the change. */
    List<PluginFeature> installed();

    /**
     * The change is in effect now: the bundles it added are installed and started (those that resolve),
     * those it removed are gone.
     *
     * @param installed the features installed after the change
     * @param started   the symbolic names of the bundles started
     * @param removed   the symbolic names of the bundles uninstalled
     */
    record Applied(List<PluginFeature> installed, List<String> started, List<String> removed) implements PluginChange {
        public Applied {
            installed = List.copyOf(installed);
            started = List.copyOf(started);
            removed = List.copyOf(removed);
        }
    }

    /**
     * The change is installed but takes effect only when Parley starts again.
     *
     * @param installed the features installed after the change
     * @param reason    why, for people (for example "org.eclipse.osgi changed: the framework itself")
     */
    record RestartNeeded(List<PluginFeature> installed, String reason) implements PluginChange {
        public RestartNeeded {
            installed = List.copyOf(installed);
            Objects.requireNonNull(reason, "reason");
        }
    }
}
