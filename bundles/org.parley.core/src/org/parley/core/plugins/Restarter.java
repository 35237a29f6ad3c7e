package org.parley.core.plugins;

/**
 * Ends Parley and starts it again: what finishes a plugin change that needs a restart
 * ({@link PluginChange.RestartNeeded}). Registered by whoever can start Parley again (the desktop
 * window, started from the product's launcher); where none is registered the person restarts Parley.
 */
@FunctionalInterface
public interface Restarter {

    /** Begins the restart and returns: accounts unregister, calls end, and a new Parley process starts. */
    void restart();
}
