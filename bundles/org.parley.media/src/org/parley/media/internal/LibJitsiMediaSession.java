package org.parley.media.internal;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jitsi.service.neomedia.AudioMediaStream;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.event.DTMFListener;
import org.jitsi.service.neomedia.event.DTMFToneEvent;
import org.jitsi.service.neomedia.format.MediaFormatFactory;
import org.jitsi.utils.MediaType;
import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.RtpFormat;
import org.parley.media.internal.audio.AudioTaps;
import org.parley.media.internal.audio.Conference;
import org.parley.media.internal.ice.IceConnection;

/**
 * One call's audio on a libjitsi {@link AudioMediaStream}. The RTP and RTCP sockets are bound when
 * the session opens; the stream is made at the first {@link #start} and made again (on the same
 * ports) when a later start changes the codec. All methods are synchronized and may be called from
 * any thread.
 */
final class LibJitsiMediaSession implements MediaSession {

    private static final Logger LOG = Logger.getLogger(LibJitsiMediaSession.class.getName());

    private final MediaService mediaService;
    private final boolean opus;
    private final MediaSessionOptions options;
    private final SessionDevices devices;
    private final InetSocketAddress localRtp;
    private final InetSocketAddress publicRtp;
    private final InetSocketAddress publicRtcp;
    private final DtmfSender dtmf;
    private final DTMFListener dtmfListener = new DtmfReceiver();
    private final Consumer<LibJitsiMediaSession> onClose;
    private final AudioTaps taps = new AudioTaps();

    private RtpSockets sockets;
    private AudioMediaStream stream;
    private RoundTripTime roundTrips;
    private RtpFormat format;
    private Optional<RtpFormat> telephoneEvent = Optional.empty();
    private MediaDirection direction = MediaDirection.SEND_RECEIVE;
    private boolean muted;
    private boolean closed;
    private MediaStatistics finalStatistics;
    /** SRTP keys agreed in SDP, made when first asked for. */
    private Optional<SdesKeys> sdes = Optional.empty();
    /** SRTP keys agreed on the media path, when the call chose ZRTP. */
    private Optional<ZrtpKeys> zrtp = Optional.empty();
    /** SRTP keys agreed by a DTLS handshake, made when our fingerprint is first asked for. */
    private Optional<DtlsKeys> dtls = Optional.empty();
    /** Whether the running stream encrypts (a stream is made again when keys come later). */
    private boolean streamSecured;
    /** Whether the running stream multiplexes RTCP on the RTP port. */
    private boolean streamMuxed;
    /** ICE on the session's sockets, while the call may use it (gathered at open, given up for a far end without ICE). */
    private Optional<IceConnection> ice = Optional.empty();
    /** The pairs ICE selected, once its checks succeeded: the stream runs on their sockets. */
    private Optional<IceConnection.Selected> iceSelected = Optional.empty();
    /** The format to start with once ICE has selected its pairs. */
    private Optional<RtpFormat> iceFormat = Optional.empty();
    private Optional<RtpFormat> iceTelephoneEvent = Optional.empty();

    /**
     * Binds the ports and opens the source and sink.
     *
     * @param sound   the sound system and devices for {@code device} source and sink
     * @param onClose told when the session has closed
     * @throws MediaException if no port is free or a device or file cannot be had
     */
    LibJitsiMediaSession(MediaService mediaService, boolean opus, MediaSessionOptions options, SoundChoice sound,
            Consumer<LibJitsiMediaSession> onClose) {
        this.mediaService = mediaService;
        this.onClose = onClose;
        this.opus = opus;
        this.options = options;
        this.sockets = RtpSockets.reserve(options.localAddress());
        try {
            this.devices = SessionDevices.open(options, sound);
        } catch (RuntimeException e) {
            sockets.close();
            throw e;
        }
        this.localRtp = sockets.rtpAddress();
        InetSocketAddress localRtcp = new InetSocketAddress(localRtp.getAddress(), localRtp.getPort() + 1);
        this.publicRtp = options.stunServer().map(server -> mapped(sockets.rtp(), server, localRtp)).orElse(localRtp);
        // a server that did not answer for RTP is not asked again for RTCP
        this.publicRtcp = options.stunServer().filter(server -> !publicRtp.equals(localRtp))
                .map(server -> mapped(sockets.rtcp(), server, localRtcp)).orElse(localRtcp);
        this.dtmf = new DtmfSender(this::currentStream);
        if (options.ice().enabled()) {
            try {
                ice = Optional.of(IceConnection.gather(sockets.rtp(), sockets.rtcp(), options.stunServer(), options.ice()));
            } catch (MediaException e) {
                devices.close();
                sockets.close();
                throw e;
            }
        }
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
    public synchronized void startWithIce(IceParameters remote, boolean controlling, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        Objects.requireNonNull(remote, "remote");
        requireOpen();
        IceConnection connection = ice.orElseThrow(() -> new MediaException("This media session has no ICE"));
        if (iceSelected.isPresent()) {
            start(iceSelected.get().remoteRtp(), iceSelected.get().remoteRtcp(), false, format, telephoneEvent);
            return;
        }
        iceFormat = Optional.of(format);
        iceTelephoneEvent = telephoneEvent;
        if (connection.remoteUfrag().isEmpty()) {
            connection.connect(remote, controlling, this::iceSelected, options.failed());
        }
    }

    /** ICE selected its pairs (on an ice4j thread): the stream starts on them with the agreed format. */
    private void iceSelected(IceConnection.Selected selected) {
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                iceSelected = Optional.of(selected);
                LOG.fine(() -> "ICE selected " + selected.remoteCandidate() + " for " + localRtp);
                start(selected.remoteRtp(), selected.remoteRtcp(), false, iceFormat.orElseThrow(), iceTelephoneEvent);
            }
        } catch (RuntimeException e) {
            options.failed().accept("the audio could not start on the pair ICE selected: " + e.getMessage());
        }
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        return localRtp;
    }

    @Override
    public InetSocketAddress publicRtpAddress() {
        return publicRtp;
    }

    @Override
    public InetSocketAddress publicRtcpAddress() {
        return publicRtcp;
    }

    private static InetSocketAddress mapped(java.net.DatagramSocket socket, InetSocketAddress server,
            InetSocketAddress local) {
        if (server.isUnresolved()) {
            LOG.warning("The STUN server " + server + " has no address; announcing " + local);
            return local;
        }
        return Stun.mappedAddress(socket, server).orElseGet(() -> {
            LOG.warning("The STUN server " + server + " did not answer within 700 ms; announcing " + local);
            return local;
        });
    }

    @Override
    public void start(InetSocketAddress remoteRtp, RtpFormat format, Optional<RtpFormat> telephoneEvent) {
        Objects.requireNonNull(remoteRtp, "remoteRtp");
        start(remoteRtp, new InetSocketAddress(remoteRtp.getAddress(), remoteRtp.getPort() + 1), format, telephoneEvent);
    }

    @Override
    public synchronized void start(InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        start(remoteRtp, remoteRtcp, false, format, telephoneEvent);
    }

    @Override
    public boolean supportsRtcpMux() {
        return true;
    }

    @Override
    public synchronized void startWithRtcpMux(InetSocketAddress remote, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        start(remote, remote, true, format, telephoneEvent);
    }

    private void start(InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, boolean rtcpMux, RtpFormat format,
            Optional<RtpFormat> telephoneEvent) {
        Objects.requireNonNull(remoteRtp, "remoteRtp");
        Objects.requireNonNull(remoteRtcp, "remoteRtcp");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(telephoneEvent, "telephoneEvent");
        requireOpen();
        MediaFormatFactory factory = mediaService.getFormatFactory();
        var mediaFormat = Formats.audio(factory, format, opus);
        var eventFormat = telephoneEvent.map(event -> Formats.telephoneEvent(factory, event));
        MediaStreamTarget target = new MediaStreamTarget(remoteRtp, remoteRtcp);
        Optional<SrtpControl> srtp = sdes.flatMap(SdesKeys::control).or(() -> zrtp.map(ZrtpKeys::control))
                .or(() -> dtls.filter(DtlsKeys::connected).map(DtlsKeys::control));
        if (stream != null && format.equals(this.format) && telephoneEvent.equals(this.telephoneEvent)
                && streamSecured == srtp.isPresent() && streamMuxed == rtcpMux) {
            stream.setTarget(target);
            return;
        }
        if (ice.isPresent() && iceSelected.isEmpty()) {
            // the far end has no ICE: the stream runs on the session's own ports, freed from ice4j
            ice.get().close();
            ice = Optional.empty();
            sockets.close();
            sockets = RtpSockets.rebind(localRtp);
        }
        if (stream != null) {
            closeStream();
            if (iceSelected.isEmpty()) {
                sockets.close(); // libjitsi closed the sockets it had; a multiplexing stream leaves the RTCP socket
                sockets = RtpSockets.rebind(localRtp);
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MediaService.class.getClassLoader());
        AudioMediaStream created = null;
        RoundTripTime measured = new RoundTripTime();
        try {
            var connector = iceSelected.isPresent() ? iceConnector(iceSelected.get())
                    : rtcpMux ? muxedConnector() : new DefaultStreamConnector(sockets.rtp(), sockets.rtcp());
            dtls.ifPresent(keys -> keys.rtcpMux(rtcpMux));
            created = (AudioMediaStream) (srtp.isPresent()
                    ? mediaService.createMediaStream(connector, devices.device(format, taps), srtp.get())
                    : mediaService.createMediaStream(connector, devices.device(format, taps)));
            created.setName("parley-audio-" + localRtp.getPort());
            if (Formats.dynamic(format)) {
                created.addDynamicRTPPayloadType((byte) format.payloadType(), mediaFormat);
            }
            if (eventFormat.isPresent()) {
                created.addDynamicRTPPayloadType((byte) telephoneEvent.get().payloadType(), eventFormat.get());
            }
            created.setFormat(mediaFormat);
            created.setDirection(Directions.toLibJitsi(direction));
            created.setMute(muted);
            created.setTarget(target);
            created.addDTMFListener(dtmfListener);
            created.getMediaStreamStats().getRTCPReports().addRTCPReportListener(measured);
            if (srtp.isPresent() && dtls.isPresent() && srtp.get() == dtls.get().control()) {
                dtls.get().watch(created);
            }
            created.start();
            srtp.ifPresent(control -> control.start(MediaType.AUDIO));
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            sockets.close();
            throw new MediaException("Could not start the audio stream with " + format + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        stream = created;
        streamSecured = srtp.isPresent();
        streamMuxed = rtcpMux;
        roundTrips = measured;
        this.format = format;
        this.telephoneEvent = telephoneEvent;
    }

    @Override
    public synchronized Optional<RtpFormat> format() {
        return Optional.ofNullable(format);
    }

    @Override
    public synchronized void setDirection(MediaDirection direction) {
        Objects.requireNonNull(direction, "direction");
        requireOpen();
        this.direction = direction;
        if (stream != null) {
            stream.setDirection(Directions.toLibJitsi(direction));
        }
    }

    @Override
    public synchronized void setMuted(boolean muted) {
        requireOpen();
        this.muted = muted;
        taps.recording().setSentMuted(muted);
        if (stream != null) {
            stream.setMute(muted);
        }
    }

    @Override
    public synchronized void sendDtmf(String digits) {
        Objects.requireNonNull(digits, "digits");
        requireOpen();
        if (stream == null || telephoneEvent.isEmpty()) {
            throw new IllegalStateException("No telephone-event format was negotiated for this session");
        }
        Dtmf.validate(digits);
        dtmf.send(digits);
    }

    @Override
    public synchronized List<SdesCrypto> sdesOffer() {
        requireOpen();
        return sdesKeys().offer();
    }

    @Override
    public synchronized SdesCrypto sdesAnswer(List<SdesCrypto> offered) {
        Objects.requireNonNull(offered, "offered");
        requireOpen();
        return sdesKeys().answer(offered);
    }

    @Override
    public synchronized void sdesAnswered(SdesCrypto answer) {
        Objects.requireNonNull(answer, "answer");
        requireOpen();
        sdesKeys().answered(answer);
    }

    @Override
    public synchronized DtlsFingerprint dtlsFingerprint() {
        requireOpen();
        return dtlsKeys().fingerprint();
    }

    @Override
    public synchronized void useDtls(List<DtlsFingerprint> remote, DtlsRole role) {
        Objects.requireNonNull(remote, "remote");
        requireOpen();
        dtlsKeys().connect(remote, role);
    }

    @Override
    public synchronized MediaSecurity security() {
        if (sdes.flatMap(SdesKeys::control).isPresent()) {
            return sdes.get().security();
        }
        if (dtls.filter(DtlsKeys::connected).isPresent()) {
            return dtls.get().security();
        }
        return zrtp.map(ZrtpKeys::security).orElseGet(MediaSecurity.Unsecured::new);
    }

    @Override
    public synchronized void useZrtp() {
        requireOpen();
        if (sdes.flatMap(SdesKeys::control).isPresent() || dtls.isPresent()) {
            throw new MediaException("The session's media is already keyed by " + (dtls.isPresent() ? "DTLS" : "SDES"));
        }
        if (zrtp.isEmpty()) {
            zrtp = Optional.of(new ZrtpKeys(mediaService, this::securityChanged));
        }
    }

    /** Called by ZRTP or DTLS on a libjitsi thread, without this session's lock. */
    private void securityChanged(MediaSecurity security) {
        try {
            options.securityChanged().accept(security);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A media security consumer failed", e);
        }
    }

    @Override
    public synchronized void setSasVerified(boolean verified) {
        zrtp.orElseThrow(() -> new IllegalStateException("The session's media is not secured by ZRTP"))
                .setSasVerified(verified);
    }

    private SdesKeys sdesKeys() {
        if (zrtp.isPresent() || dtls.filter(DtlsKeys::connected).isPresent()) {
            throw new MediaException("The session's media is keyed by " + (zrtp.isPresent() ? "ZRTP" : "DTLS")
                    + ", not SDES");
        }
        if (sdes.isEmpty()) {
            sdes = Optional.of(new SdesKeys(mediaService));
        }
        return sdes.get();
    }

    private DtlsKeys dtlsKeys() {
        if (zrtp.isPresent() || sdes.flatMap(SdesKeys::control).isPresent()) {
            throw new MediaException("The session's media is keyed by " + (zrtp.isPresent() ? "ZRTP" : "SDES")
                    + ", not DTLS");
        }
        if (dtls.isEmpty()) {
            dtls = Optional.of(new DtlsKeys(mediaService, this::securityChanged));
        }
        return dtls.get();
    }

    @Override
    public void joinConference(MediaSession other) {
        if (!(other instanceof LibJitsiMediaSession peer) || peer == this) {
            throw new MediaException("A conference joins two sessions of this engine: " + other);
        }
        Conference conference = peer.conference().or(this::conference).orElseGet(Conference::new);
        peer.enter(conference);
        enter(conference);
    }

    @Override
    public void leaveConference() {
        taps.setConference(Optional.empty());
    }

    private Optional<Conference> conference() {
        return taps.conference().map(Conference.Member::conference);
    }

    /** Joins {@code conference} unless it is in it already. */
    private synchronized void enter(Conference conference) {
        requireOpen();
        if (format == null) {
            throw new MediaException("The call's audio has not started: it cannot join a conference yet");
        }
        if (!conference().equals(Optional.of(conference))) {
            taps.setConference(Optional.of(conference.join(Formats.sourceRate(format))));
        }
    }

    @Override
    public synchronized MediaStatistics statistics() {
        if (stream == null) {
            return finalStatistics != null ? finalStatistics : MediaStatistics.NONE;
        }
        return Statistics.of(stream, format, roundTrips);
    }

    /** A connector whose RTP and RTCP share the RTP socket; the RTCP socket stays bound, unused. */
    /**
     * The stream's sockets on the pairs ICE selected: views of ice4j's component sockets that let
     * everything but STUN through (ice4j answers and sends the checks and keep-alives), which a stream
     * may close without closing the component sockets.
     */
    private static DefaultStreamConnector iceConnector(IceConnection.Selected selected) {
        try {
            return new DefaultStreamConnector(IceConnection.mediaView(selected.rtp()),
                    IceConnection.mediaView(selected.rtcp()));
        } catch (SocketException e) {
            throw new MediaException("Cannot use the sockets ICE selected: " + e.getMessage(), e);
        }
    }

    private DefaultStreamConnector muxedConnector() {
        try {
            RtcpMux mux = new RtcpMux(sockets.rtp());
            return new DefaultStreamConnector(mux.rtp(), mux.rtcp(), true);
        } catch (SocketException e) {
            throw new MediaException("Cannot share the RTP socket with RTCP: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void startRecording(Path wav) {
        Objects.requireNonNull(wav, "wav");
        requireOpen();
        taps.recording().start(wav);
    }

    @Override
    public void stopRecording() {
        taps.recording().stop();
    }

    @Override
    public Optional<Path> recording() {
        return taps.recording().file();
    }

    /** How long closing a libjitsi stream may take before it is abandoned. */
    private static final long CLOSE_TIMEOUT_MS = 3000;

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        dtmf.close();
        synchronized (this) {
            closeStream();
            taps.close();
            ice.ifPresent(IceConnection::close);
            sockets.close();
            devices.close();
        }
        onClose.accept(this);
    }

    private synchronized AudioMediaStream currentStream() {
        return closed ? null : stream;
    }

    private void closeStream() {
        if (stream == null) {
            return;
        }
        finalStatistics = Statistics.of(stream, format, roundTrips);
        AudioMediaStream closing = stream;
        stream = null;
        // FMJ can wait forever (BasicController.deallocate) or throw ClockStartedError when a stream
        // is closed while its processor is still starting: close on a thread of its own and give up
        // after a bounded wait, so that no call, bundle stop or shutdown hangs on it. Our sockets
        // are closed by the caller either way, which frees the ports.
        Thread closer = new Thread(() -> {
            try {
                closing.removeDTMFListener(dtmfListener);
                closing.stop();
                closing.close();
            } catch (RuntimeException | javax.media.ClockStartedError e) {
                LOG.log(Level.WARNING, "Closing the audio stream failed", e);
            }
        }, "parley-media-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warning("libjitsi did not close an audio stream within " + CLOSE_TIMEOUT_MS + " ms; it is left behind");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The media session is closed");
        }
    }

    /** Passes received keypad digits to the session's options. */
    private final class DtmfReceiver implements DTMFListener {

        @Override
        public void dtmfToneReceptionStarted(DTMFToneEvent event) {
            Dtmf.digit(event.getDtmfTone().getValue()).ifPresent(digit -> {
                try {
                    options.dtmfReceived().accept(digit);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A DTMF consumer failed", e);
                }
            });
        }

        @Override
        public void dtmfToneReceptionEnded(DTMFToneEvent event) {
            // digits are reported when they start
        }
    }
}
