package org.parley.media.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * RTP and RTCP on one UDP socket (RFC 5761), as the two sockets libjitsi's connector expects: one
 * thread reads the shared socket and hands each packet to the RTP or the RTCP side by its second
 * byte (RTCP packet types 192-223 take the place of RTP's marker bit and payload type there, which
 * RTP keeps clear of them). Sending from either side sends from the shared socket. Closing either
 * side closes the shared socket, as libjitsi closes both sides together.
 */
final class RtcpMux {

    private static final Logger LOG = Logger.getLogger(RtcpMux.class.getName());
    /** Packets waiting per side; more are dropped, as a full socket buffer would. */
    private static final int QUEUE = 256;
    private static final int MAX_PACKET = 1500;

    private final DatagramSocket shared;
    private final Side rtp;
    private final Side rtcp;

    /** Starts reading {@code shared}. */
    RtcpMux(DatagramSocket shared) throws SocketException {
        this.shared = shared;
        this.rtp = new Side();
        this.rtcp = new Side();
        Thread reader = new Thread(this::read, "parley-rtcp-mux-" + shared.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** The side that receives RTP (and DTLS, STUN and ZRTP, which also travel on the RTP port). */
    DatagramSocket rtp() {
        return rtp;
    }

    /** The side that receives RTCP. */
    DatagramSocket rtcp() {
        return rtcp;
    }

    /** Whether a packet is RTCP when RTCP shares RTP's port (RFC 5761 section 4). */
    static boolean isRtcp(byte[] data, int offset, int length) {
        if (length < 8 || (data[offset] & 0xC0) != 0x80) {
            return false;
        }
        int type = data[offset + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }

    private void read() {
        byte[] buffer = new byte[MAX_PACKET];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!shared.isClosed()) {
            try {
                packet.setData(buffer, 0, buffer.length);
                shared.receive(packet);
                DatagramPacket copy = new DatagramPacket(Arrays.copyOfRange(buffer, 0, packet.getLength()),
                        packet.getLength(), packet.getSocketAddress());
                Side side = isRtcp(buffer, 0, packet.getLength()) ? rtcp : rtp;
                side.queue.offer(copy);
            } catch (IOException e) {
                if (!shared.isClosed()) {
                    LOG.log(Level.FINE, "Reading the RTP/RTCP socket failed", e);
                }
            }
        }
        rtp.queue.offer(Side.CLOSED);
        rtcp.queue.offer(Side.CLOSED);
    }

    /** One side of the shared socket. Its own (unbound) socket is never used for traffic. */
    private final class Side extends DatagramSocket {

        private static final DatagramPacket CLOSED = new DatagramPacket(new byte[0], 0);

        private final BlockingQueue<DatagramPacket> queue = new ArrayBlockingQueue<>(QUEUE);

        Side() throws SocketException {
            super((SocketAddress) null);
        }

        @Override
        public void receive(DatagramPacket into) throws IOException {
            int timeout = getSoTimeout();
            DatagramPacket packet;
            try {
                packet = timeout > 0 ? queue.poll(timeout, TimeUnit.MILLISECONDS) : queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("Interrupted while receiving");
            }
            if (packet == null) {
                throw new SocketTimeoutException("Receive timed out");
            }
            if (packet == CLOSED || shared.isClosed()) {
                queue.offer(CLOSED);
                throw new SocketException("Socket closed");
            }
            int length = Math.min(packet.getLength(), into.getData().length - into.getOffset());
            System.arraycopy(packet.getData(), 0, into.getData(), into.getOffset(), length);
            into.setLength(length);
            into.setSocketAddress(packet.getSocketAddress());
        }

        @Override
        public void send(DatagramPacket packet) throws IOException {
            shared.send(packet);
        }

        @Override
        public InetAddress getLocalAddress() {
            return shared.getLocalAddress();
        }

        @Override
        public int getLocalPort() {
            return shared.getLocalPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return shared.getLocalSocketAddress();
        }

        @Override
        public boolean isBound() {
            return shared.isBound();
        }

        @Override
        public boolean isClosed() {
            return shared.isClosed();
        }

        @Override
        public void close() {
            shared.close();
            super.close();
            queue.offer(CLOSED);
        }
    }
}
