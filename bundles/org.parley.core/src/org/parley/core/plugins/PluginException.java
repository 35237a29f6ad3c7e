package org.parley.core.plugins;

/** A plugin operation failed; the message says why in words a person can act on. Nothing was changed. */
public class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
