package org.parley.sip.extension;

/**
 * A request got no final response: the transaction timed out, the transport failed, the
 * account's credentials were missing, or the account stopped. The message says which, and where
 * the request went. (A request that got a final response, even a 4xx-6xx one, does not fail.)
 */
public class SipRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public SipRequestException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public SipRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
