package org.parley.sip.internal.sdp;

import java.util.Locale;
import java.util.Optional;

import org.parley.core.media.DtlsRole;

/**
 * The SDP {@code a=setup} attribute (RFC 4145) that DTLS-SRTP uses to decide which side starts
 * the handshake (RFC 5763 section 5): an offer says {@code actpass}, the answer takes a side.
 */
public enum DtlsSetup {
    /** This side starts the handshake. */
    ACTIVE,
    /** This side waits for the handshake. */
    PASSIVE,
    /** Either, as the answer chooses (offers only). */
    ACTPASS,
    /** No connection yet. */
    HOLDCONN;

    /** Reads the attribute's value; empty if it is none of the four. */
    public static Optional<DtlsSetup> parse(String value) {
        try {
            return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The value SDP writes after {@code a=setup:}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The attribute that announces a side of the handshake. */
    public static DtlsSetup of(DtlsRole role) {
        return role == DtlsRole.CLIENT ? ACTIVE : PASSIVE;
    }

    /**
     * Our side as the answerer of an offer with this setup: the offerer's {@code actpass} or
     * {@code passive} makes us the client (RFC 5763: the answerer should be active), its
     * {@code active} the server.
     *
     * @return empty for {@code holdconn}, which allows no handshake
     */
    public Optional<DtlsRole> answererRole() {
        return switch (this) {
            case ACTPASS, PASSIVE -> Optional.of(DtlsRole.CLIENT);
            case ACTIVE -> Optional.of(DtlsRole.SERVER);
            case HOLDCONN -> Optional.empty();
        };
    }

    /**
     * Our side as the offerer ({@code actpass}) once the answer has this setup; an answer without
     * the attribute is {@code active} (RFC 4145 section 4).
     *
     * @return empty if the answer did not take a side
     */
    public static Optional<DtlsRole> offererRole(Optional<DtlsSetup> answer) {
        return switch (answer.orElse(ACTIVE)) {
            case ACTIVE -> Optional.of(DtlsRole.SERVER);
            case PASSIVE -> Optional.of(DtlsRole.CLIENT);
            case ACTPASS, HOLDCONN -> Optional.empty();
        };
    }
}
