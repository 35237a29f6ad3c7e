package org.parley.media.internal.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits compressed VP8 frames into RTP payloads (RFC 7741): each payload is the 1-byte VP8 payload
 * descriptor (no extension, no picture ID, partition 0, S set on the first payload only) followed by
 * the next piece of the frame. The pieces are as even as the size limit allows, so the last packet
 * is not a tiny remainder. The caller sends them with one RTP timestamp and sets the RTP marker on
 * the last.
 */
public final class Vp8Packetizer {

    /** The descriptor of a frame's first payload: S = 1, PID = 0. */
    static final byte FIRST = 0x10;
    /** The descriptor of the following payloads: S = 0, PID = 0. */
    static final byte CONTINUATION = 0x00;

    private Vp8Packetizer() {
    }

    /**
     * Splits one frame.
     *
     * @param frame          the compressed frame, not empty
     * @param maxPayloadSize the largest RTP payload, descriptor included; at least 2
     * @return the payloads in sending order
     * @throws IllegalArgumentException if the frame is empty or the size limit below 2
     */
    public static List<byte[]> payloads(byte[] frame, int maxPayloadSize) {
        if (frame.length == 0) {
            throw new IllegalArgumentException("A VP8 frame cannot be empty");
        }
        if (maxPayloadSize < 2) {
            throw new IllegalArgumentException("An RTP payload of VP8 needs at least 2 bytes: " + maxPayloadSize);
        }
        int room = maxPayloadSize - 1;
        int count = (frame.length + room - 1) / room;
        int base = frame.length / count;
        int larger = frame.length % count;
        List<byte[]> payloads = new ArrayList<>(count);
        int position = 0;
        for (int i = 0; i < count; i++) {
            int size = base + (i < larger ? 1 : 0);
            byte[] payload = new byte[size + 1];
            payload[0] = i == 0 ? FIRST : CONTINUATION;
            System.arraycopy(frame, position, payload, 1, size);
            position += size;
            payloads.add(payload);
        }
        return payloads;
    }
}
