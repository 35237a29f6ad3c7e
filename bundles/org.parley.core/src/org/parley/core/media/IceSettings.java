package org.parley.core.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a session gathers ICE (RFC 8445) candidates, and from which servers: host candidates on
 * the session's address, server-reflexive ones from the options' STUN server, relayed ones from a
 * TURN server (RFC 8656) with long-term credentials.
 *
 * @param enabled      whether the session gathers candidates at all
 * @param turnServer   the TURN server (UDP), if any
 * @param turnUser     its user name; empty without a TURN server
 * @param turnPassword its password; empty without a TURN server
 */
public record IceSettings(boolean enabled, Optional<InetSocketAddress> turnServer, String turnUser,
        String turnPassword) {

    /** No ICE. */
    public static final IceSettings OFF = new IceSettings(false, Optional.empty(), "", "");

    public IceSettings {
        Objects.requireNonNull(turnServer, "turnServer");
        Objects.requireNonNull(turnUser, "turnUser");
        Objects.requireNonNull(turnPassword, "turnPassword");
    }

    /** ICE with host and (with a STUN server) server-reflexive candidates, without TURN. */
    public static IceSettings withoutTurn() {
        return new IceSettings(true, Optional.empty(), "", "");
    }

    /** The password is a secret: it is left out. */
    @Override
    public String toString() {
        return "IceSettings[enabled=" + enabled + ", turnServer=" + turnServer + ", turnUser=" + turnUser + "]";
    }
}
