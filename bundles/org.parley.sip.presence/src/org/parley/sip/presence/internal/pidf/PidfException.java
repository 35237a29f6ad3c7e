package org.parley.sip.presence.internal.pidf;

/** A presence document that cannot be read: malformed, too large, or unsafe (a DTD or entities). */
public final class PidfException extends Exception {

    private static final long serialVersionUID = 1L;

    PidfException(String message) {
        super(message);
    }

    PidfException(String message, Throwable cause) {
        super(message, cause);
    }
}
