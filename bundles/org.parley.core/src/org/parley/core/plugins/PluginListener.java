package org.parley.core.plugins;

/** Whiteboard: a service of this type hears what the update check finds and does. */
@FunctionalInterface
public interface PluginListener {

    /** Called on the update check's thread; do not block. */
    void pluginsChanged(PluginEvent event);
}
