package org.parley.sip.internal;

/** The transports a SIP account can use. */
public enum Transport {
    UDP, TCP, TLS;

    /** The name JAIN-SIP and SIP URIs use, e.g. {@code udp}. */
    String lowerCase() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The port a server listens on when none is given (RFC 3261: 5060, 5061 for TLS). */
    int defaultPort() {
        return this == TLS ? 5061 : 5060;
    }

    /** How DNS names this transport (RFC 3263). */
    org.parley.sip.internal.location.Service service() {
        return org.parley.sip.internal.location.Service.valueOf(name());
    }
}
