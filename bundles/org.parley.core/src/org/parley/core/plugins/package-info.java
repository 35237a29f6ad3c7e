/**
 * Plugins: features from update sites installed, updated and uninstalled while Parley runs.
 * {@link org.parley.core.plugins.Plugins} is the service; a provider (p2 in the product) implements it.
 */
package org.parley.core.plugins;
