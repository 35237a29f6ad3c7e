package org.parley.media.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.jitsi.service.neomedia.DtlsControl;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.SrtpControlType;
import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaSecurity.KeyExchange;
import org.parley.media.libjitsi.streams.ReceivedPacketWatch;

/**
 * The SRTP keys of one session agreed by a DTLS handshake on the media path (DTLS-SRTP, RFC 5764),
 * on libjitsi's {@link DtlsControl}. libjitsi refuses a far end whose certificate does not match the
 * fingerprints given, and passes no packet on before the handshake has ended; it tells no listener
 * when it ends, so the session counts as secured when the first packet of the far end's comes out
 * decrypted ({@link #watch}).
 */
final class DtlsKeys {

    private static final Logger LOG = Logger.getLogger(DtlsKeys.class.getName());

    /**
     * The cipher of both SRTP profiles libjitsi negotiates (SRTP_AES128_CM_HMAC_SHA1_80 and _32); which
     * tag length the handshake chose is not told.
     */
    static final String CIPHER = "AES_CM_128_HMAC_SHA1";

    private final DtlsControl control;
    private final Consumer<MediaSecurity> changed;
    private final DtlsFingerprint local;
    private boolean connected;
    private volatile boolean secured;

    /** @param changed told the new security when the first packet is decrypted, on a libjitsi thread */
    DtlsKeys(MediaService mediaService, Consumer<MediaSecurity> changed) {
        this.changed = changed;
        this.control = (DtlsControl) mediaService.createSrtpControl(SrtpControlType.DTLS_SRTP);
        control.setRtcpmux(false);
        this.local = new DtlsFingerprint(control.getLocalFingerprintHashFunction(), control.getLocalFingerprint());
    }

    DtlsFingerprint fingerprint() {
        return local;
    }

    /** Takes the far end's fingerprints and our side of the handshake; the handshake runs once the stream starts. */
    synchronized void connect(List<DtlsFingerprint> remote, DtlsRole role) {
        Objects.requireNonNull(role, "role");
        if (remote.isEmpty()) {
            throw new IllegalArgumentException("DTLS-SRTP needs the far end's certificate fingerprint");
        }
        Map<String, String> byHash = remote.stream().collect(Collectors.toMap(DtlsFingerprint::hashFunction,
                DtlsFingerprint::value, (first, second) -> first));
        control.setRemoteFingerprints(byHash);
        if (!connected) {
            control.setSetup(role == DtlsRole.CLIENT ? DtlsControl.Setup.ACTIVE : DtlsControl.Setup.PASSIVE);
            connected = true;
        }
    }

    /** Whether the far end's fingerprints are known, so that a stream can use the control. */
    synchronized boolean connected() {
        return connected;
    }

    /** The control a stream encrypts with. */
    SrtpControl control() {
        return control;
    }

    /** Tells the handshake whether RTCP shares the RTP port, so that one handshake keys both. */
    void rtcpMux(boolean muxed) {
        control.setRtcpmux(muxed);
    }

    MediaSecurity security() {
        return secured ? new MediaSecurity.Srtp(KeyExchange.DTLS, CIPHER) : new MediaSecurity.Negotiating(KeyExchange.DTLS);
    }

    /** Watches a stream that is about to start for the first packet SRTP let through. */
    void watch(MediaStream stream) {
        ReceivedPacketWatch.watch(stream, this::securedNow);
    }

    private void securedNow() {
        synchronized (this) {
            if (secured) {
                return;
            }
            secured = true;
        }
        LOG.fine("DTLS-SRTP secured the media");
        changed.accept(security());
    }
}
