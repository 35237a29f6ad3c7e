package org.parley.sip.internal.location;

import java.net.Inet6Address;
import java.net.InetAddress;

/** One place a server can be reached at: an address, a port and the transport. */
public record Target(InetAddress address, int port, Service service) {

    /** E.g. {@code 192.0.2.10:5060/UDP} or {@code [2001:db8::10]:5061/TLS}. */
    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port + "/" + service;
    }
}
