package org.parley.media.libjitsi.streams;

import java.util.Arrays;
import java.util.Optional;

import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.TransformEngine;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.SrtpControl;

/**
 * Encrypts and decrypts single RTP and RTCP packets with the keys of a libjitsi {@link SrtpControl}
 * whose keys are agreed (SDES), for a stream that sends and receives its packets itself rather than
 * through a libjitsi media stream. Its transformers live in a package libjitsi does not export, which
 * this fragment can reach. They are not closed here: closing an SDES control's transformers broke the
 * SRTP of the call's audio stream (another control), so they go with the control.
 */
public final class SrtpPackets {

    private final PacketTransformer rtp;
    private final PacketTransformer rtcp;

    /**
     * @param keyed a control whose keys both sides agreed
     * @throws IllegalStateException if the control has no keys to transform with
     */
    public SrtpPackets(SrtpControl keyed) {
        TransformEngine engine = keyed.getTransformEngine();
        if (engine == null || engine.getRTPTransformer() == null || engine.getRTCPTransformer() == null) {
            throw new IllegalStateException("The SRTP control has no keys yet");
        }
        this.rtp = engine.getRTPTransformer();
        this.rtcp = engine.getRTCPTransformer();
    }

    /** The SRTP (or SRTCP, for {@code control}) packet of {@code length} bytes of {@code packet}. */
    public synchronized Optional<byte[]> protect(byte[] packet, int length, boolean control) {
        return first((control ? rtcp : rtp).transform(new RawPacket[] { new RawPacket(packet, 0, length) }));
    }

    /**
     * The plain packet of a received SRTP (or SRTCP) one; empty when it does not authenticate (forged,
     * replayed, or not encrypted with the agreed keys).
     */
    public synchronized Optional<byte[]> unprotect(byte[] packet, int offset, int length, boolean control) {
        return first((control ? rtcp : rtp).reverseTransform(new RawPacket[] { new RawPacket(packet, offset, length) }));
    }

    private static Optional<byte[]> first(RawPacket[] packets) {
        if (packets == null || packets.length == 0 || packets[0] == null || packets[0].isInvalid()) {
            return Optional.empty();
        }
        RawPacket packet = packets[0];
        return Optional.of(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(),
                packet.getOffset() + packet.getLength()));
    }
}
