package org.parley.core.media;

/**
 * Which side of a DTLS-SRTP handshake a session takes, as the SDP {@code a=setup} attributes
 * decided it (RFC 4145, RFC 5763): the client starts the handshake, the server waits for it.
 */
public enum DtlsRole {
    /** Starts the handshake ({@code a=setup:active}). */
    CLIENT,
    /** Waits for the far end's handshake ({@code a=setup:passive}). */
    SERVER
}
