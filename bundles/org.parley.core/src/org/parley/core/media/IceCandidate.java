package org.parley.core.media;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One address where a stream may be reached, as ICE (RFC 8445) gathers it and SDP carries it
 * ({@code a=candidate}, RFC 8839), e.g. {@code 1 1 UDP 2130706431 192.0.2.7 16384 typ host}.
 *
 * @param foundation   groups candidates of the same type from the same base and server
 * @param component    1 for RTP, 2 for RTCP
 * @param transport    {@code UDP} (other transports are read but not used)
 * @param priority     the candidate's priority, 1 to 2^31 - 1
 * @param address      the IP address (or, from others, a host name)
 * @param port         the port
 * @param type         how the address was learned
 * @param relatedAddress the base (for reflexive candidates) or mapped address (for relayed ones), when given
 * @param relatedPort  its port, 0 when there is no related address
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, Type type, Optional<String> relatedAddress, int relatedPort) {

    /** How a candidate's address was learned. */
    public enum Type {
        /** An address of this machine's. */
        HOST("host"),
        /** The address a STUN server saw the host address come from (behind a NAT). */
        SERVER_REFLEXIVE("srflx"),
        /** An address learned from a connectivity check of the far end's. */
        PEER_REFLEXIVE("prflx"),
        /** An address a TURN server relays for us. */
        RELAYED("relay");

        private final String sdpName;

        Type(String sdpName) {
            this.sdpName = sdpName;
        }

        /** The name SDP uses after {@code typ}. */
        public String sdpName() {
            return sdpName;
        }

        static Type ofSdpName(String name) {
            for (Type type : values()) {
                if (type.sdpName.equalsIgnoreCase(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Unknown candidate type: " + name);
        }
    }

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(relatedAddress, "relatedAddress");
        if (foundation.isBlank() || component < 1 || component > 256 || priority < 1 || priority > 0x7fffffffL
                || port < 0 || port > 65535 || relatedPort < 0 || relatedPort > 65535 || address.isBlank()) {
            throw new IllegalArgumentException("Not an ICE candidate: " + foundation + " " + component + " "
                    + transport + " " + priority + " " + address + " " + port);
        }
    }

    /**
     * Reads the value of an {@code a=candidate:} attribute (without {@code a=candidate:}); extension
     * attributes after the related address are skipped.
     *
     * @throws IllegalArgumentException if it is not a candidate
     */
    public static IceCandidate parse(String value) {
        String[] fields = value.strip().split("\\s+");
        if (fields.length < 8 || !fields[6].equalsIgnoreCase("typ")) {
            throw new IllegalArgumentException("Malformed candidate attribute: " + value);
        }
        try {
            Optional<String> related = Optional.empty();
            int relatedPort = 0;
            for (int i = 8; i + 1 < fields.length; i += 2) {
                if (fields[i].equalsIgnoreCase("raddr")) {
                    related = Optional.of(fields[i + 1]);
                } else if (fields[i].equalsIgnoreCase("rport")) {
                    relatedPort = Integer.parseInt(fields[i + 1]);
                }
            }
            return new IceCandidate(fields[0], Integer.parseInt(fields[1]), fields[2].toUpperCase(Locale.ROOT),
                    Long.parseLong(fields[3]), fields[4], Integer.parseInt(fields[5]), Type.ofSdpName(fields[7]),
                    related, related.isPresent() ? relatedPort : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed candidate attribute: " + value, e);
        }
    }

    /** The attribute's value as SDP writes it after {@code a=candidate:}. */
    public String attribute() {
        return foundation + " " + component + " " + transport + " " + priority + " " + address + " " + port + " typ "
                + type.sdpName() + relatedAddress.map(related -> " raddr " + related + " rport " + relatedPort).orElse("");
    }

    /** Whether ICE here can use it: UDP. */
    public boolean usable() {
        return transport.equalsIgnoreCase("UDP");
    }

    @Override
    public String toString() {
        return attribute();
    }
}
