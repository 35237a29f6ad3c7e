package org.parley.media.internal.video;

import java.util.Optional;

/**
 * The fixed header of an RTP packet (RFC 3550 section 5.1) and where its payload lies: read from
 * received datagrams, written for sent ones.
 *
 * @param payloadType   the payload type, 0 to 127
 * @param marker        the marker bit (for video: the last packet of a picture)
 * @param sequence      the sequence number, 0 to 65535
 * @param timestamp     the RTP timestamp, 0 to 2^32 - 1
 * @param ssrc          the sender's synchronisation source
 * @param payloadOffset where the payload starts in the datagram
 * @param payloadLength how long it is (without padding)
 */
record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, int payloadOffset,
        int payloadLength) {

    static final int HEADER_SIZE = 12;

    /**
     * Reads an RTP datagram; empty if it is not one (wrong version, too short, lengths that do not
     * add up, or an RTCP packet: payload types 72 to 76 with the marker collide with RTCP's).
     */
    static Optional<RtpPacket> read(byte[] data, int length) {
        if (length < HEADER_SIZE || (data[0] & 0xc0) != 0x80) {
            return Optional.empty();
        }
        int second = data[1] & 0xff;
        if (second >= 192 && second <= 223) {
            return Optional.empty();
        }
        int offset = HEADER_SIZE + 4 * (data[0] & 0x0f);
        if ((data[0] & 0x10) != 0) {
            if (offset + 4 > length) {
                return Optional.empty();
            }
            offset += 4 + 4 * (((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff));
        }
        int end = length;
        if ((data[0] & 0x20) != 0) {
            end -= data[length - 1] & 0xff;
        }
        if (offset > end) {
            return Optional.empty();
        }
        return Optional.of(new RtpPacket(second & 0x7f, (second & 0x80) != 0,
                ((data[2] & 0xff) << 8) | (data[3] & 0xff), readInt(data, 4) & 0xffffffffL, readInt(data, 8), offset,
                end - offset));
    }

    /** Writes a datagram of this header (no CSRC, no extension, no padding) and {@code payload}. */
    static byte[] write(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, byte[] payload) {
        byte[] data = new byte[HEADER_SIZE + payload.length];
        data[0] = (byte) 0x80;
        data[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f));
        data[2] = (byte) (sequence >> 8);
        data[3] = (byte) sequence;
        writeInt(data, 4, (int) timestamp);
        writeInt(data, 8, ssrc);
        System.arraycopy(payload, 0, data, HEADER_SIZE, payload.length);
        return data;
    }

    static int readInt(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8)
                | (data[offset + 3] & 0xff);
    }

    static void writeInt(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >> 24);
        data[offset + 1] = (byte) (value >> 16);
        data[offset + 2] = (byte) (value >> 8);
        data[offset + 3] = (byte) value;
    }
}
