package org.parley.media.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

import org.parley.core.media.MediaException;

/** A pair of bound UDP sockets: RTP on an even port, RTCP on the next port up. */
public final class RtpSockets implements AutoCloseable {

    /** The range RTP ports are taken from (even ports only). */
    static final int MIN_PORT = 16384;
    static final int MAX_PORT = 32766;
    private static final int ATTEMPTS = 200;

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;

    private RtpSockets(DatagramSocket rtp, DatagramSocket rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /**
     * Binds a free even port and the port above it on {@code address}.
     *
     * @throws MediaException if no pair is free
     */
    public static RtpSockets reserve(InetAddress address) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = MIN_PORT + 2 * random.nextInt((MAX_PORT - MIN_PORT) / 2 + 1);
            RtpSockets sockets = tryBind(address, port);
            if (sockets != null) {
                return sockets;
            }
        }
        throw new MediaException("No free RTP/RTCP port pair on " + address.getHostAddress() + " between "
                + MIN_PORT + " and " + (MAX_PORT + 1));
    }

    /**
     * Binds exactly {@code port} and {@code port + 1} on {@code address} again (after libjitsi closed
     * them with a stream).
     *
     * @throws MediaException if either is taken
     */
    public static RtpSockets rebind(InetSocketAddress rtpAddress) {
        RtpSockets sockets = tryBind(rtpAddress.getAddress(), rtpAddress.getPort());
        if (sockets == null) {
            throw new MediaException("RTP port " + rtpAddress + " was taken while the session changed codecs");
        }
        return sockets;
    }

    private static RtpSockets tryBind(InetAddress address, int port) {
        DatagramSocket rtp = bind(address, port);
        if (rtp == null) {
            return null;
        }
        DatagramSocket rtcp = bind(address, port + 1);
        if (rtcp == null) {
            rtp.close();
            return null;
        }
        return new RtpSockets(rtp, rtcp);
    }

    private static DatagramSocket bind(InetAddress address, int port) {
        try {
            DatagramSocket socket = new DatagramSocket(null);
            socket.setReuseAddress(false);
            try {
                socket.bind(new InetSocketAddress(address, port));
                return socket;
            } catch (IOException e) {
                socket.close();
                return null;
            }
        } catch (SocketException e) {
            return null;
        }
    }

    public DatagramSocket rtp() {
        return rtp;
    }

    public DatagramSocket rtcp() {
        return rtcp;
    }

    public InetSocketAddress rtpAddress() {
        return (InetSocketAddress) rtp.getLocalSocketAddress();
    }

    @Override
    public void close() {
        rtp.close();
        rtcp.close();
    }
}
