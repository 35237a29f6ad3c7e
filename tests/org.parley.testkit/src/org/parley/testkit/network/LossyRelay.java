package org.parley.testkit.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback between two RTP endpoints A and B that loses packets on purpose, as a bad
 * network would. A sends its RTP to {@link #forA()} (and RTCP to the port above), B to
 * {@link #forB()}; the relay passes each packet on to the other endpoint from its own face, so each
 * side sees the relay as its peer. A given fraction of RTP packets is dropped in each direction,
 * chosen by a random generator seeded per direction (the same packets are dropped on every run).
 * RTCP is passed on whole, so that the reports carrying the statistics under test arrive. The relay
 * forwards on one thread of its own from creation until {@link #close()}.
 */
public final class LossyRelay implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;

    /** What the relay did with the RTP packets going one way. */
    public record Counts(long forwarded, long dropped) {

        /** All RTP packets that arrived at the relay this way. */
        public long arrived() {
            return forwarded + dropped;
        }
    }

    private final Face faceA;
    private final Face faceB;
    private final Selector selector;
    private final Thread thread;
    private final Direction towardB;
    private final Direction towardA;

    private LossyRelay(InetSocketAddress rtpA, InetSocketAddress rtpB, double lossFraction, long seed)
            throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        faceA = Face.open(loopback);
        faceB = Face.open(loopback);
        towardB = new Direction(lossFraction, new Random(seed));
        towardA = new Direction(lossFraction, new Random(seed + 1));
        selector = Selector.open();
        // a packet arriving at A's face goes out of B's face to B, and the other way round
        register(faceA.rtp, new Route(faceB.rtp, rtpB, towardB));
        register(faceA.rtcp, new Route(faceB.rtcp, rtcpOf(rtpB), null));
        register(faceB.rtp, new Route(faceA.rtp, rtpA, towardA));
        register(faceB.rtcp, new Route(faceA.rtcp, rtcpOf(rtpA), null));
        thread = new Thread(this::run, "lossy-relay-" + faceA.rtpAddress().getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a relay between the RTP endpoints {@code rtpA} and {@code rtpB} (RTCP on the port above
     * each).
     *
     * @param lossFraction the fraction of RTP packets to drop in each direction, 0 to 1
     * @param seed         seeds the choice of packets to drop
     */
    public static LossyRelay between(InetSocketAddress rtpA, InetSocketAddress rtpB, double lossFraction, long seed) {
        if (lossFraction < 0 || lossFraction > 1) {
            throw new IllegalArgumentException("A loss fraction is 0 to 1: " + lossFraction);
        }
        try {
            return new LossyRelay(rtpA, rtpB, lossFraction, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the relay's sockets", e);
        }
    }

    /** Where A sends its RTP (RTCP to the port above): the relay's face toward A. */
    public InetSocketAddress forA() {
        return faceA.rtpAddress();
    }

    /** Where B sends its RTP (RTCP to the port above): the relay's face toward B. */
    public InetSocketAddress forB() {
        return faceB.rtpAddress();
    }

    /** The RTP packets from A to B so far. */
    public Counts towardB() {
        return towardB.counts();
    }

    /** The RTP packets from B to A so far. */
    public Counts towardA() {
        return towardA.counts();
    }

    /** Stops relaying and frees the ports; returns once the relay's thread has ended. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        faceA.close();
        faceB.close();
    }

    private void register(DatagramChannel from, Route route) throws IOException {
        from.register(selector, SelectionKey.OP_READ, route);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (selector.isOpen()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Route route = (Route) key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    while (receive(channel, buffer) != null) {
                        buffer.flip();
                        if (route.direction() == null || route.direction().forward()) {
                            route.out().send(buffer, route.to());
                        }
                        buffer.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException | IOException e) {
            // closed: the relay ends
        }
    }

    private static SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        return channel.receive(buffer);
    }

    private static InetSocketAddress rtcpOf(InetSocketAddress rtp) {
        return new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
    }

    /** Where packets arriving on a socket go: out of which socket, to whom, and whether some are dropped. */
    private record Route(DatagramChannel out, InetSocketAddress to, Direction direction) {
    }

    /** Drops packets going one way and counts them. */
    private static final class Direction {
        private final double lossFraction;
        private final Random random;
        private final AtomicLong forwarded = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();

        Direction(double lossFraction, Random random) {
            this.lossFraction = lossFraction;
            this.random = random;
        }

        /** Whether the next packet is passed on (counted either way). */
        boolean forward() {
            if (random.nextDouble() < lossFraction) {
                dropped.incrementAndGet();
                return false;
            }
            forwarded.incrementAndGet();
            return true;
        }

        Counts counts() {
            return new Counts(forwarded.get(), dropped.get());
        }
    }

    /** The relay's RTP and RTCP sockets toward one endpoint, on adjacent ports. */
    private record Face(DatagramChannel rtp, DatagramChannel rtcp) {

        static Face open(InetAddress address) throws IOException {
            for (int attempt = 0; attempt < 50; attempt++) {
                DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress(address, 0));
                int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
                try {
                    DatagramChannel rtcp = DatagramChannel.open().bind(new InetSocketAddress(address, port + 1));
                    rtp.configureBlocking(false);
                    rtcp.configureBlocking(false);
                    return new Face(rtp, rtcp);
                } catch (IOException e) {
                    rtp.close();
                }
            }
            throw new IOException("No two adjacent free UDP ports on " + address);
        }

        InetSocketAddress rtpAddress() {
            try {
                return (InetSocketAddress) rtp.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            for (DatagramChannel channel : List.of(rtp, rtcp)) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing left to do
                }
            }
        }
    }
}
