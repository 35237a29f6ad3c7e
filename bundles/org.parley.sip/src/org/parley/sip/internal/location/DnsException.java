package org.parley.sip.internal.location;

/**
 * A DNS query got no usable answer: the name does not exist, the server refused or failed, or
 * it did not answer at all ({@link #noAnswer()}).
 */
public final class DnsException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean noAnswer;

    /** @param noAnswer whether the server did not answer at all (time-out, unreachable) */
    public DnsException(String message, boolean noAnswer) {
        super(message);
        this.noAnswer = noAnswer;
    }

    /** Whether the server did not answer at all, so that asking it more questions now is pointless. */
    public boolean noAnswer() {
        return noAnswer;
    }
}
