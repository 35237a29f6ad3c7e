package org.parley.media.libjitsi.streams;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformerAdapter;
import org.jitsi.impl.neomedia.transform.TransformEngine;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.RawPacket;

/**
 * Tells once when the first RTP or RTCP packet of the far end's has passed a stream's decryption.
 * It is the stream's external transformer, which libjitsi places before SRTP in the send chain and
 * so after it in the receive chain: what reaches it was decrypted and authenticated.
 */
public final class ReceivedPacketWatch {

    private ReceivedPacketWatch() {
    }

    /**
     * Watches a stream that has not started yet (it takes the stream's external transformer).
     *
     * @param firstDecrypted run once, on a libjitsi receive thread, for the first packet
     */
    public static void watch(MediaStream stream, Runnable firstDecrypted) {
        AtomicBoolean seen = new AtomicBoolean();
        PacketTransformer noticing = new SinglePacketTransformerAdapter() {
            @Override
            public RawPacket reverseTransform(RawPacket packet) {
                if (!seen.get() && seen.compareAndSet(false, true)) {
                    firstDecrypted.run();
                }
                return packet;
            }
        };
        stream.setExternalTransformer(new TransformEngine() {
            @Override
            public PacketTransformer getRTPTransformer() {
                return noticing;
            }

            @Override
            public PacketTransformer getRTCPTransformer() {
                return noticing;
            }
        });
    }
}
