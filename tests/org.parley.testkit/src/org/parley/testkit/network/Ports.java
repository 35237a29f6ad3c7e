package org.parley.testkit.network;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Free ports on loopback for the servers and far ends tests start. */
public final class Ports {

    private Ports() {
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago (its user binds it next). */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
