package org.parley.core.plugins;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugins of this installation: the update sites it knows, the features they offer and the features
 * installed. Changes take effect in the running framework: the bundles of an installed feature are
 * installed and started, those of an uninstalled one stopped and removed, unless
 * {@link PluginChange.RestartNeeded} says otherwise. Sites and changes are kept across restarts.
 * <p>
 * Methods that read sites may take seconds (they load the sites' metadata); every failure is a
 * {@link PluginException} whose message a person can act on.
 */
public interface Plugins {

    /**
     * The ConfigurationAdmin PID of the plugin policy: what may be installed, {@code requireTrustedSignatures}
     * (boolean: only content signed with a trusted certificate; default false) and {@code trustedCertificates}
     * (files of PEM certificates); and how updates come, {@code updates} ({@code OFF}, {@code NOTIFY}: tell
     * {@link PluginListener}s, the default; {@code INSTALL}: install them), {@code checkOnStart} (default true),
     * {@code startDelaySeconds} (default 60) and {@code intervalHours} (default 24; 0: only at start).
     */
    String CONFIGURATION_PID = "org.parley.update";

    /**
     * An update site as a person types it: an absolute URI as it is ({@code https://…}, {@code file:/…}),
     * anything else the path of a directory on this machine.
     */
    static URI site(String typed) {
        try {
            URI uri = new URI(typed.trim());
            if (uri.isAbsolute() && uri.getScheme().length() > 1) {
                return uri;
            }
        } catch (URISyntaxException notAUri) {
            // a path, such as one with spaces
        }
        return Path.of(typed.trim()).toAbsolutePath().normalize().toUri();
    }

    /** The update sites features are installed and updated from, sorted. */
    List<URI> sites();

    /** Adds an update site, after checking that it can be read. */
    void addSite(URI site) throws PluginException;

    /** Removes an update site; installed features stay. */
    void removeSite(URI site) throws PluginException;

    /** The newest version of every feature the sites offer, installed or not. */
    List<PluginFeature> available() throws PluginException;

    /** The features installed (the product's own and those installed since), with their versions. */
    List<PluginFeature> installed() throws PluginException;

    /** The installed features the sites offer newer versions of, as those newer versions. */
    List<PluginFeature> updates() throws PluginException;

    /** Installs the newest version of a feature the sites offer. */
    PluginChange install(String featureId) throws PluginException;

    /** Updates an installed feature to the newest version the sites offer. */
    PluginChange update(String featureId) throws PluginException;

    /** Uninstalls an installed feature; bundles other features need stay. */
    PluginChange uninstall(String featureId) throws PluginException;
}
