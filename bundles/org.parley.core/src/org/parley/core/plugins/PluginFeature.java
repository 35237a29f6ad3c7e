package org.parley.core.plugins;

import java.util.Objects;

/**
 * A feature: what a person installs, updates and uninstalls as one plugin.
 *
 * @param id          the feature's id, for example {@code org.parley.example.autoanswer.feature}
 * @param version     its version, for example {@code 0.1.0.202612051713}
 * @param name        its name for people (the id when it has none)
 * @param description what it does (empty when it does not say)
 * @param provider    who made it (empty when it does not say)
 */
public record PluginFeature(String id, String version, String name, String description, String provider) {

    public PluginFeature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(provider, "provider");
    }
}
