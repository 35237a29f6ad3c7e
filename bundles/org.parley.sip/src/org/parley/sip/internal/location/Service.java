package org.parley.sip.internal.location;

import java.util.Locale;

/**
 * A SIP transport as RFC 3263 sees it: how NAPTR and SRV records name it, and the port a server
 * listens on when none is given.
 */
public enum Service {
    UDP("SIP+D2U", "_sip._udp", 5060),
    TCP("SIP+D2T", "_sip._tcp", 5060),
    TLS("SIPS+D2T", "_sips._tcp", 5061);

    private final String naptrService;
    private final String srvPrefix;
    private final int defaultPort;

    Service(String naptrService, String srvPrefix, int defaultPort) {
        this.naptrService = naptrService;
        this.srvPrefix = srvPrefix;
        this.defaultPort = defaultPort;
    }

    /** The NAPTR service field of this transport, e.g. {@code SIP+D2U}. */
    public String naptrService() {
        return naptrService;
    }

    /** The SRV name of this transport in {@code domain}, e.g. {@code _sip._udp.example.org}. */
    public String srvName(String domain) {
        return srvPrefix + "." + domain;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The transport name of hops and Via headers: {@code udp}, {@code tcp} or {@code tls}. */
    public String transport() {
        return name().toLowerCase(Locale.ROOT);
    }
}
