package org.parley.testkit.network;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A full-cone NAT on loopback in front of one server (a STUN server, in the tests): an endpoint
 * "inside" sends to {@link #inside()} instead of the server, and the NAT passes the packet on from a
 * port of its own, the endpoint's public port, kept for that endpoint ({@link #publicPorts()}). What
 * arrives at a public port, from the server or from anyone else, is passed back to its endpoint,
 * from {@link #inside()}. So the server sees the endpoint at its public port, and a far end that
 * sends there reaches the endpoint. One thread per port; {@link #close()} stops them.
 */
public final class FullConeNat implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress server;
    private final DatagramSocket inside;
    private final Map<InetSocketAddress, DatagramSocket> publicSockets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private FullConeNat(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.inside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("nat-inside-" + inside.getLocalPort(), this::fromInside);
    }

    /** A NAT in front of {@code server}. */
    public static FullConeNat before(InetSocketAddress server) throws SocketException {
        return new FullConeNat(server);
    }

    /** Where endpoints inside send what is meant for the server. */
    public InetSocketAddress inside() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), inside.getLocalPort());
    }

    /** The public ports given to endpoints so far. */
    public List<Integer> publicPorts() {
        return publicSockets.values().stream().map(DatagramSocket::getLocalPort).sorted().toList();
    }

    private void fromInside() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                inside.receive(packet);
                InetSocketAddress endpoint = (InetSocketAddress) packet.getSocketAddress();
                DatagramSocket outside = publicSockets.computeIfAbsent(endpoint, this::openPublic);
                outside.send(new DatagramPacket(packet.getData(), packet.getLength(), server));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private DatagramSocket openPublic(InetSocketAddress endpoint) {
        try {
            DatagramSocket outside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            start("nat-public-" + outside.getLocalPort(), () -> toInside(outside, endpoint));
            return outside;
        } catch (SocketException e) {
            throw new IllegalStateException("the NAT has no port left", e);
        }
    }

    private void toInside(DatagramSocket outside, InetSocketAddress endpoint) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                outside.receive(packet);
                inside.send(new DatagramPacket(packet.getData(), packet.getLength(), endpoint));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes every port; the threads end with them. */
    @Override
    public void close() {
        closed = true;
        inside.close();
        publicSockets.values().forEach(DatagramSocket::close);
    }
}
