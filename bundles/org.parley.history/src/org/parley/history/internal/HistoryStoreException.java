package org.parley.history.internal;

import java.io.IOException;

/** The history database cannot be opened or used; the message says which file and why. */
public final class HistoryStoreException extends IOException {

    private static final long serialVersionUID = 1L;

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryStoreException(String message) {
        super(message);
    }
}
