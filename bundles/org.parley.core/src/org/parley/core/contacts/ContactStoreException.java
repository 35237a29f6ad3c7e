package org.parley.core.contacts;

/** A contact list could not be read or written; the message says which file and why. */
public class ContactStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ContactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
