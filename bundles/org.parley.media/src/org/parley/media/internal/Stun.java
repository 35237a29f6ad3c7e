package org.parley.media.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Learns the address a UDP socket is seen from on the far side of a NAT: a STUN Binding request
 * (RFC 5389) sent from the socket, and the XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS) of the server's
 * answer. The socket must not be read by anyone else meanwhile.
 */
final class Stun {

    static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    private static final short BINDING_SUCCESS = 0x0101;
    private static final short MAPPED_ADDRESS = 0x0001;
    private static final short XOR_MAPPED_ADDRESS = 0x0020;
    /** Waits after each try: the request is sent again after each, up to 700 ms in all. */
    private static final int[] WAITS_MS = { 100, 200, 400 };

    private Stun() {
    }

    /**
     * The socket's address as the STUN server sees it; empty if the server does not answer within
     * 700 ms or answers with something else than a Binding success.
     */
    static Optional<InetSocketAddress> mappedAddress(DatagramSocket socket, InetSocketAddress server) {
        byte[] transaction = new byte[12];
        ThreadLocalRandom.current().nextBytes(transaction);
        byte[] request = request(transaction);
        byte[] buffer = new byte[1500];
        try {
            for (int wait : WAITS_MS) {
                socket.send(new DatagramPacket(request, request.length, server));
                long deadline = System.nanoTime() + wait * 1_000_000L;
                while (true) {
                    int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout(left);
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    Optional<InetSocketAddress> mapped = readResponse(buffer, packet.getLength(), transaction);
                    if (mapped.isPresent()) {
                        return mapped;
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException e) {
                // a closed socket has no timeout to restore
            }
        }
    }

    /** A Binding request with this transaction id and no attributes. */
    static byte[] request(byte[] transaction) {
        return ByteBuffer.allocate(20).putShort(BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE)
                .put(transaction).array();
    }

    /** The mapped address of a Binding success for {@code transaction}; empty for anything else. */
    static Optional<InetSocketAddress> readResponse(byte[] message, int length, byte[] transaction) {
        if (length < 20) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(message, 0, length);
        short type = buffer.getShort();
        int bodyLength = buffer.getShort() & 0xffff;
        int cookie = buffer.getInt();
        byte[] id = new byte[12];
        buffer.get(id);
        if (type != BINDING_SUCCESS || cookie != MAGIC_COOKIE || !Arrays.equals(id, transaction) || 20 + bodyLength > length) {
            return Optional.empty();
        }
        Optional<InetSocketAddress> plain = Optional.empty();
        while (buffer.position() + 4 <= 20 + bodyLength) {
            short attribute = buffer.getShort();
            int attributeLength = buffer.getShort() & 0xffff;
            int start = buffer.position();
            if (start + attributeLength > 20 + bodyLength) {
                return Optional.empty();
            }
            if (attribute == XOR_MAPPED_ADDRESS) {
                return address(message, start, attributeLength, true, id);
            }
            if (attribute == MAPPED_ADDRESS) {
                plain = address(message, start, attributeLength, false, id);
            }
            buffer.position(start + ((attributeLength + 3) & ~3));
        }
        return plain;
    }

    private static Optional<InetSocketAddress> address(byte[] message, int start, int length, boolean xor, byte[] id) {
        int family = message[start + 1];
        int addressLength = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (addressLength < 0 || length < 4 + addressLength) {
            return Optional.empty();
        }
        int port = ((message[start + 2] & 0xff) << 8) | (message[start + 3] & 0xff);
        byte[] address = Arrays.copyOfRange(message, start + 4, start + 4 + addressLength);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
            byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(id).array();
            for (int i = 0; i < address.length; i++) {
                address[i] ^= mask[i];
            }
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
