package org.parley.media.libjitsi.vp8;

/**
 * One compressed VP8 frame, as produced by {@link Vp8Encoder#encode(byte[], boolean)}. The array is
 * not copied: whoever holds the record owns it.
 *
 * @param data     the VP8 bitstream of the frame (what RFC 7741 packetizes)
 * @param keyframe whether the frame is a keyframe (decodable on its own)
 */
public record Vp8Frame(byte[] data, boolean keyframe) {

    /**
     * Whether a VP8 bitstream frame is a keyframe: bit 0 of the frame tag is 0 and the keyframe start
     * code {@code 9d 01 2a} follows the 3-byte tag (RFC 6386, section 9.1).
     *
     * @param data   the buffer
     * @param offset where the frame starts
     * @param length the length of the frame
     * @return {@code true} if the bytes start a keyframe
     */
    public static boolean isKeyframe(byte[] data, int offset, int length) {
        return length >= 10
                && (data[offset] & 0x01) == 0
                && (data[offset + 3] & 0xff) == 0x9d
                && (data[offset + 4] & 0xff) == 0x01
                && (data[offset + 5] & 0xff) == 0x2a;
    }
}
