package org.parley.core.plugins;

import java.util.List;
import java.util.Objects;

/** What the update check found or did, told to every {@link PluginListener}. */
public sealed interface PluginEvent {

    /**
     * The update sites offer newer versions of installed features; the policy says to ask.
     *
     * @param updates the newer versions
     */
    record UpdatesAvailable(List<PluginFeature> updates) implements PluginEvent {
        public UpdatesAvailable {
            updates = List.copyOf(updates);
        }
    }

    /**
     * The policy installed an update by itself.
     *
     * @param feature the version now installed
     * @param change  what the update did to the running Parley
     */
    record Updated(PluginFeature feature, PluginChange change) implements PluginEvent {
        public Updated {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * An update check or an update the policy started failed; nothing was changed.
     *
     * @param reason why, for people
     */
    record CheckFailed(String reason) implements PluginEvent {
        public CheckFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
