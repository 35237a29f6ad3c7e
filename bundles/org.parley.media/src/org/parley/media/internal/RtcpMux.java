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

/**
 * RTP and RTCP on one UDP socket (RFC 5761), as the two sockets libjitsi's connector expects. The RTP
 * side reads the shared socket on the caller's thread (libjitsi's RTP receive thread) and passes each
 * RTCP packet, told apart by its second byte (RTCP packet types 192-223 take the place of RTP's marker
 * bit and payload type there, which RTP keeps clear of them), to the RTCP side's queue, where
 * libjitsi's RTCP receive thread takes it: no thread of its own. Sending from either side sends from
 * the shared socket. Closing either side closes the shared socket, as libjitsi closes both together.
 */
final class RtcpMux {

    /** RTCP packets waiting; more are dropped, as a full socket buffer would. */
    private static final int RTCP_QUEUE = 64;
    private static final DatagramPacket CLOSED = new DatagramPacket(new byte[0], 0);

    private final DatagramSocket shared;
    private final BlockingQueue<DatagramPacket> rtcpPackets = new ArrayBlockingQueue<>(RTCP_QUEUE);
    private final RtpSide rtp;
    private final RtcpSide rtcp;

    RtcpMux(DatagramSocket shared) throws SocketException {
        this.shared = shared;
        this.rtp = new RtpSide();
        this.rtcp = new RtcpSide();
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

    private void closeShared() {
        shared.close();
        rtcpPackets.clear();
        rtcpPackets.offer(CLOSED);
    }

    /** What both sides share: the local address, sending, closing. Its own (unbound) socket carries nothing. */
    private abstract class Side extends DatagramSocket {

        Side() throws SocketException {
            super((SocketAddress) null);
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
            closeShared();
            super.close();
        }
    }

    private final class RtpSide extends Side {

        RtpSide() throws SocketException {
        }

        @Override
        public void receive(DatagramPacket into) throws IOException {
            while (true) {
                into.setData(into.getData(), into.getOffset(), into.getData().length - into.getOffset());
                shared.receive(into);
                if (!isRtcp(into.getData(), into.getOffset(), into.getLength())) {
                    return;
                }
                int from = into.getOffset();
                rtcpPackets.offer(new DatagramPacket(Arrays.copyOfRange(into.getData(), from, from + into.getLength()),
                        into.getLength(), into.getSocketAddress()));
            }
        }
    }

    private final class RtcpSide extends Side {

        RtcpSide() throws SocketException {
        }

        @Override
        public void receive(DatagramPacket into) throws IOException {
            int timeout = getSoTimeout();
            DatagramPacket packet;
            try {
                packet = timeout > 0 ? rtcpPackets.poll(timeout, TimeUnit.MILLISECONDS) : rtcpPackets.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("Interrupted while receiving");
            }
            if (packet == null) {
                throw new SocketTimeoutException("Receive timed out");
            }
            if (packet == CLOSED || shared.isClosed()) {
                rtcpPackets.offer(CLOSED);
                throw new SocketException("Socket closed");
            }
            int length = Math.min(packet.getLength(), into.getData().length - into.getOffset());
            System.arraycopy(packet.getData(), 0, into.getData(), into.getOffset(), length);
            into.setLength(length);
            into.setSocketAddress(packet.getSocketAddress());
        }
    }
}
