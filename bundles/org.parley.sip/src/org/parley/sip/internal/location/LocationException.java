package org.parley.sip.internal.location;

/** A server could not be located; the message says which lookups failed, for the user. */
public final class LocationException extends Exception {

    private static final long serialVersionUID = 1L;

    public LocationException(String message) {
        super(message);
    }
}
