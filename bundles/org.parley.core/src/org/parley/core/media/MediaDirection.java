package org.parley.core.media;

/** Which way audio flows in a session, as in SDP's direction attributes (RFC 3264). */
public enum MediaDirection {
    /** Both ways ({@code a=sendrecv}). */
    SEND_RECEIVE,
    /** Only from us ({@code a=sendonly}), e.g. while we hold the call. */
    SEND_ONLY,
    /** Only to us ({@code a=recvonly}), e.g. while the far end holds the call. */
    RECEIVE_ONLY,
    /** Neither way ({@code a=inactive}). */
    INACTIVE
}
