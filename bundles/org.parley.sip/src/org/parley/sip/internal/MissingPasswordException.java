package org.parley.sip.internal;

/** The server asked for a password and none is stored for the account. */
final class MissingPasswordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MissingPasswordException(String account) {
        super("the server asks for a password and none is stored for account " + account);
    }
}
