package org.parley.media.internal.video;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.TestPatternPictures;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoSession;
import org.parley.core.media.VideoSessionOptions;
import org.parley.core.media.VideoSource;
import org.parley.core.media.VideoStatistics;
import org.parley.media.internal.RtpSockets;
import org.parley.media.internal.SdesKeys;
import org.parley.media.internal.ice.IceConnection;
import org.parley.media.libjitsi.streams.SrtpPackets;
import org.parley.media.libjitsi.vp8.DecodedPicture;
import org.parley.media.libjitsi.vp8.Vp8Decoder;
import org.parley.media.libjitsi.vp8.Vp8Encoder;
import org.parley.media.libjitsi.vp8.Vp8Frame;

/**
 * One call's VP8 video over RTP (RFC 7741) on its own port pair: a sending thread encodes the
 * source's pictures at its frame rate, a receiving thread puts the far end's packets together into
 * pictures and decodes them, and RTCP carries requests for whole pictures (PLI) both ways. Packets
 * are SRTP and SRTCP once keys were agreed in SDP (SDES); until then, plain.
 */
public final class VideoRtpSession implements VideoSession {

    private static final Logger LOG = Logger.getLogger(VideoRtpSession.class.getName());
    /** RTP payloads stay below a common path MTU with room for IP, UDP, RTP and SRTP. */
    private static final int MAX_PAYLOAD = 1100;
    private static final int BITRATE_KBPS = 500;
    /** Whole pictures are sent at least this often, so a receiver that lost one does not wait long. */
    private static final long KEYFRAME_INTERVAL_MS = 3000;
    /** A new sending source (SSRC) is followed only when the current one has been silent this long. */
    private static final long SOURCE_SILENCE_MS = 1000;
    /** Requests for a whole picture are not repeated more often than this while one is on its way. */
    private static final long PLI_INTERVAL_MS = 300;

    private final VideoSessionOptions options;
    private final InetSocketAddress localRtp;
    private RtpSockets sockets;
    /** ICE on the session's sockets, while the call may use it (given up for a far end without ICE). */
    private Optional<IceConnection> ice = Optional.empty();
    private Optional<IceConnection.Selected> iceSelected = Optional.empty();
    /** The sockets the stream sends and receives on: the session's own, or views of the pair ICE selected. */
    private volatile DatagramSocket rtpSocket;
    private volatile DatagramSocket rtcpSocket;
    private final Consumer<VideoRtpSession> onClose;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final Vp8Decoder decoder = new Vp8Decoder();
    /** Puts the current far-end source's packets together; a new one for each new source. */
    private volatile Vp8Depacketizer depacketizer = new Vp8Depacketizer();
    private Thread rtpReceiver;
    private Thread rtcpReceiver;
    private final Supplier<SdesKeys> newKeys;
    private Optional<SdesKeys> keys = Optional.empty();
    private volatile Optional<SrtpPackets> srtp = Optional.empty();

    private ScheduledExecutorService sender;
    private Vp8Encoder encoder;
    private TestPatternPictures pattern;
    private volatile InetSocketAddress remoteRtp;
    private volatile InetSocketAddress remoteRtcp;
    private volatile RtpFormat format;
    private volatile MediaDirection direction = MediaDirection.SEND_RECEIVE;
    private volatile boolean keyframeWanted = true;
    private volatile Optional<VideoFrame> latest = Optional.empty();
    private volatile boolean closed;

    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private final long timestampBase = ThreadLocalRandom.current().nextLong(1L << 32);
    private long startNanos;
    private long frameNumber;
    private long lastKeyframeMs;

    // counters: written by one thread each, read by statistics()
    private volatile long framesSent;
    private volatile long packetsSent;
    private volatile long framesReceived;
    private volatile long framesUndecodable;
    private volatile long packetsReceived;
    private volatile long packetsLost;
    private volatile long keyframeRequests;
    private volatile int lastWidth;
    private volatile int lastHeight;
    private int remoteSsrc;
    private int lastSequence = -1;
    private long lastFromSourceMs;
    private volatile long framesDroppedBefore;
    private long lastPliMs;

    /**
     * Binds the ports.
     *
     * @param onClose told when the session has closed
     * @throws MediaException if no port pair is free
     */
    public VideoRtpSession(VideoSessionOptions options, Supplier<SdesKeys> newKeys, Consumer<VideoRtpSession> onClose) {
        this.options = Objects.requireNonNull(options, "options");
        this.newKeys = newKeys;
        this.onClose = onClose;
        this.sockets = RtpSockets.reserve(options.localAddress());
        this.localRtp = sockets.rtpAddress();
        if (options.ice().enabled()) {
            try {
                ice = Optional.of(IceConnection.gather(sockets.rtp(), sockets.rtcp(), options.stunServer(), options.ice()));
            } catch (MediaException e) {
                sockets.close();
                throw e;
            }
        } else {
            receiveOn(sockets.rtp(), sockets.rtcp());
        }
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        return localRtp;
    }

    @Override
    public synchronized Optional<IceParameters> iceParameters() {
        return ice.map(IceConnection::local);
    }

    @Override
    public synchronized Optional<IceCandidate> iceSelectedRemote() {
        return iceSelected.map(IceConnection.Selected::remoteCandidate);
    }

    @Override
    public synchronized void startWithIce(IceParameters remote, boolean controlling, RtpFormat format) {
        requireVp8(format);
        IceConnection connection = ice.orElseThrow(() -> new MediaException("This video session has no ICE"));
        this.format = format;
        if (iceSelected.isPresent()) {
            send(iceSelected.get().remoteRtp(), iceSelected.get().remoteRtcp());
        } else if (connection.remoteUfrag().isEmpty()) {
            connection.connect(remote, controlling, this::iceSelected, options.failed());
        }
    }

    /** ICE selected its pairs (on an ice4j thread): pictures go and come over them. */
    private void iceSelected(IceConnection.Selected selected) {
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                iceSelected = Optional.of(selected);
                receiveOn(IceConnection.mediaView(selected.rtp()), IceConnection.mediaView(selected.rtcp()));
                send(selected.remoteRtp(), selected.remoteRtcp());
            }
        } catch (IOException | RuntimeException e) {
            options.failed().accept("the video could not start on the pair ICE selected: " + e.getMessage());
        }
    }

    /** Starts the threads that read the far end's RTP and RTCP from these sockets. */
    private void receiveOn(DatagramSocket rtp, DatagramSocket rtcp) {
        rtpSocket = rtp;
        rtcpSocket = rtcp;
        rtpReceiver = Thread.ofPlatform().daemon().name("parley-video-rtp-" + localRtp.getPort()).start(this::receiveRtp);
        rtcpReceiver = Thread.ofPlatform().daemon().name("parley-video-rtcp-" + localRtp.getPort())
                .start(this::receiveRtcp);
    }

    private static void requireVp8(RtpFormat format) {
        if (!format.codec().name().equalsIgnoreCase("VP8")) {
            throw new MediaException("This media engine sends video as VP8 only, not " + format.codec());
        }
    }

    @Override
    public synchronized void start(InetSocketAddress remote, RtpFormat format) {
        if (closed) {
            throw new IllegalStateException("The video session is closed");
        }
        requireVp8(format);
        if (ice.isPresent() && iceSelected.isEmpty()) {
            // the far end has no ICE: the stream runs on the session's own ports, freed from ice4j
            ice.get().close();
            ice = Optional.empty();
            sockets.close();
            sockets = RtpSockets.rebind(localRtp);
            receiveOn(sockets.rtp(), sockets.rtcp());
        }
        this.format = format;
        send(remote, new InetSocketAddress(remote.getAddress(), remote.getPort() + 1));
    }

    /** Sends to the far end's addresses from now on, starting the sending thread the first time. */
    private void send(InetSocketAddress remote, InetSocketAddress remoteControl) {
        this.remoteRtp = remote;
        this.remoteRtcp = remoteControl;
        if (sender == null && options.source() instanceof VideoSource.TestPattern source) {
            encoder = new Vp8Encoder(source.width(), source.height(), source.framesPerSecond(), BITRATE_KBPS);
            pattern = new TestPatternPictures(source.width(), source.height());
            startNanos = System.nanoTime();
            sender = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("parley-video-send-" + localRtpAddress().getPort()).factory());
            sender.scheduleAtFixedRate(this::sendFrame, 0, 1_000_000 / source.framesPerSecond(),
                    TimeUnit.MICROSECONDS);
        }
        keyframeWanted = true;
    }

    @Override
    public synchronized List<SdesCrypto> sdesOffer() {
        return sdesKeys().offer();
    }

    @Override
    public synchronized SdesCrypto sdesAnswer(List<SdesCrypto> offered) {
        SdesCrypto ours = sdesKeys().answer(offered);
        keysAgreed();
        return ours;
    }

    @Override
    public synchronized void sdesAnswered(SdesCrypto answer) {
        sdesKeys().answered(answer);
        keysAgreed();
    }

    @Override
    public synchronized MediaSecurity security() {
        return srtp.isPresent() ? keys.get().security() : new MediaSecurity.Unsecured();
    }

    private SdesKeys sdesKeys() {
        if (closed) {
            throw new IllegalStateException("The video session is closed");
        }
        if (keys.isEmpty()) {
            keys = Optional.of(newKeys.get());
        }
        return keys.get();
    }

    /** The keys both sides agreed encrypt every packet from now on (a re-offer keeps the same keys). */
    private void keysAgreed() {
        if (srtp.isEmpty()) {
            srtp = Optional.of(new SrtpPackets(keys.get().control().orElseThrow()));
        }
    }

    @Override
    public Optional<RtpFormat> format() {
        return Optional.ofNullable(format);
    }

    @Override
    public void setDirection(MediaDirection direction) {
        MediaDirection before = this.direction;
        this.direction = Objects.requireNonNull(direction, "direction");
        if (!sends(before) && sends(direction)) {
            keyframeWanted = true;
        }
    }

    @Override
    public Optional<VideoFrame> latestFrame() {
        return latest;
    }

    @Override
    public VideoStatistics statistics() {
        return new VideoStatistics(format(), framesSent, framesReceived,
                framesDroppedBefore + depacketizer.framesDropped() + framesUndecodable, packetsSent, packetsReceived, packetsLost,
                keyframeRequests, lastWidth, lastHeight);
    }

    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = sender;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        DatagramSocket rtp;
        DatagramSocket rtcp;
        Thread[] receivers;
        synchronized (this) {
            rtp = rtpSocket;
            rtcp = rtcpSocket;
            receivers = new Thread[] { rtpReceiver, rtcpReceiver };
            ice.ifPresent(IceConnection::close);
            sockets.close();
        }
        if (rtp != null) {
            rtp.close();
            rtcp.close();
        }
        for (Thread receiver : receivers) {
            if (receiver != null) {
                joinQuietly(receiver);
            }
        }
        synchronized (this) {
            if (encoder != null) {
                encoder.close();
            }
        }
        synchronized (decoder) {
            decoder.close();
        }
        // the SDES transformers are left to the garbage collector: closing them broke the call's audio SRTP
        onClose.accept(this);
    }

    private static boolean sends(MediaDirection direction) {
        return direction == MediaDirection.SEND_RECEIVE || direction == MediaDirection.SEND_ONLY;
    }

    private static boolean receives(MediaDirection direction) {
        return direction == MediaDirection.SEND_RECEIVE || direction == MediaDirection.RECEIVE_ONLY;
    }

    private void sendFrame() {
        try {
            InetSocketAddress target = remoteRtp;
            if (closed || target == null || !sends(direction)) {
                return;
            }
            long nowMs = (System.nanoTime() - startNanos) / 1_000_000;
            boolean keyframe = keyframeWanted || nowMs - lastKeyframeMs >= KEYFRAME_INTERVAL_MS;
            keyframeWanted = false;
            Optional<Vp8Frame> encoded;
            synchronized (this) {
                if (closed) {
                    return;
                }
                encoded = encoder.encode(pattern.frame(frameNumber++), keyframe);
            }
            if (encoded.isEmpty()) {
                return;
            }
            if (encoded.get().keyframe()) {
                lastKeyframeMs = nowMs;
            }
            long timestamp = (timestampBase + nowMs * 90) & 0xffffffffL;
            List<byte[]> payloads = Vp8Packetizer.payloads(encoded.get().data(), MAX_PAYLOAD);
            DatagramSocket socket = rtpSocket;
            int payloadType = format.payloadType();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] plain = RtpPacket.write(payloadType, i == payloads.size() - 1, sequence, timestamp, ssrc,
                        payloads.get(i));
                sequence = (sequence + 1) & 0xffff;
                Optional<byte[]> datagram = protect(plain, false);
                if (datagram.isPresent()) {
                    socket.send(new DatagramPacket(datagram.get(), datagram.get().length, target));
                    packetsSent++;
                }
            }
            framesSent++;
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "Sending a video picture failed", e);
            }
        }
    }

    private void receiveRtp() {
        DatagramSocket socket = rtpSocket;
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed && socket == rtpSocket) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                Optional<byte[]> plain = unprotect(buffer, packet.getLength(), false);
                Optional<RtpPacket> rtp = plain.flatMap(data -> RtpPacket.read(data, data.length));
                RtpFormat expected = format;
                if (rtp.isEmpty() || expected == null || rtp.get().payloadType() != expected.payloadType()
                        || !receives(direction)) {
                    continue;
                }
                received(rtp.get(), plain.get());
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Receiving video failed", e);
                }
            }
        }
    }

    private void received(RtpPacket rtp, byte[] buffer) {
        long nowMs = System.nanoTime() / 1_000_000;
        if (rtp.ssrc() != remoteSsrc || lastSequence < 0) {
            if (lastSequence >= 0 && nowMs - lastFromSourceMs < SOURCE_SILENCE_MS) {
                return; // another source while ours still sends: a stray or forged packet
            }
            remoteSsrc = rtp.ssrc();
            lastSequence = (rtp.sequence() - 1) & 0xffff;
            framesDroppedBefore += depacketizer.framesDropped();
            depacketizer = new Vp8Depacketizer();
        }
        lastFromSourceMs = nowMs;
        int step = (rtp.sequence() - lastSequence) & 0xffff;
        if (step == 0 || step >= 0x8000) {
            return; // a duplicate or a late packet: its picture was given up already
        }
        packetsLost += step - 1;
        lastSequence = rtp.sequence();
        packetsReceived++;
        Optional<byte[]> picture = depacketizer.push(rtp.sequence(), rtp.timestamp(), rtp.marker(), buffer,
                rtp.payloadOffset(), rtp.payloadLength());
        if (picture.isPresent()) {
            Optional<DecodedPicture> decoded;
            synchronized (decoder) {
                decoded = closed ? Optional.empty() : decoder.decode(picture.get(), 0, picture.get().length);
            }
            if (decoded.isPresent()) {
                show(decoded.get());
            } else {
                framesUndecodable++;
                askForKeyframe(true);
            }
        }
        if (depacketizer.needsKeyframe()) {
            askForKeyframe(false);
        }
    }

    private void show(DecodedPicture decoded) {
        VideoFrame frame = new VideoFrame(decoded.width(), decoded.height(), decoded.i420());
        framesReceived++;
        lastWidth = frame.width();
        lastHeight = frame.height();
        latest = Optional.of(frame);
        try {
            options.frameReceived().accept(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A video picture's receiver failed", e);
        }
    }

    private void askForKeyframe(boolean now) {
        long nowMs = System.nanoTime() / 1_000_000;
        InetSocketAddress target = remoteRtcp;
        if (target == null || (!now && nowMs - lastPliMs < PLI_INTERVAL_MS)) {
            return;
        }
        lastPliMs = nowMs;
        Optional<byte[]> pli = protect(Rtcp.pictureLossIndication(ssrc, remoteSsrc), true);
        try {
            if (pli.isPresent()) {
                rtcpSocket.send(new DatagramPacket(pli.get(), pli.get().length, target));
                keyframeRequests++;
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.FINE, "Could not ask for a whole picture", e);
            }
        }
    }

    private void receiveRtcp() {
        DatagramSocket socket = rtcpSocket;
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed && socket == rtcpSocket) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                Optional<byte[]> plain = unprotect(buffer, packet.getLength(), true);
                if (plain.isPresent() && Rtcp.asksForKeyframe(plain.get(), plain.get().length)) {
                    keyframeWanted = true;
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Receiving video RTCP failed", e);
                }
            }
        }
    }

    /** The packet as it goes on the wire: encrypted once keys were agreed; empty if encryption failed. */
    private Optional<byte[]> protect(byte[] plain, boolean control) {
        Optional<SrtpPackets> keyed = srtp;
        return keyed.isPresent() ? keyed.get().protect(plain, plain.length, control) : Optional.of(plain);
    }

    /**
     * A received packet as plain bytes: decrypted and authenticated once keys were agreed (empty if it does
     * not authenticate), a copy of what came otherwise.
     */
    private Optional<byte[]> unprotect(byte[] received, int length, boolean control) {
        Optional<SrtpPackets> keyed = srtp;
        return keyed.isPresent() ? keyed.get().unprotect(received, 0, length, control)
                : Optional.of(Arrays.copyOf(received, length));
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
