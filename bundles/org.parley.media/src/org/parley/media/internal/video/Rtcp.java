package org.parley.media.internal.video;

/**
 * The RTCP a video stream needs: asking the sender for a whole picture again (Picture Loss
 * Indication, RFC 4585 section 6.3.1, in a compound packet behind an empty receiver report as RFC 3550
 * wants) and noticing such a request (PLI, or a Full Intra Request, RFC 5104 section 4.3.1).
 */
final class Rtcp {

    private static final int RECEIVER_REPORT = 201;
    private static final int PAYLOAD_SPECIFIC_FEEDBACK = 206;
    private static final int PLI = 1;
    private static final int FIR = 4;

    private Rtcp() {
    }

    /** A compound packet: an empty receiver report from {@code ownSsrc}, then a PLI about {@code mediaSsrc}. */
    static byte[] pictureLossIndication(int ownSsrc, int mediaSsrc) {
        byte[] packet = new byte[8 + 12];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) RECEIVER_REPORT;
        packet[3] = 1;
        RtpPacket.writeInt(packet, 4, ownSsrc);
        packet[8] = (byte) (0x80 | PLI);
        packet[9] = (byte) PAYLOAD_SPECIFIC_FEEDBACK;
        packet[11] = 2;
        RtpPacket.writeInt(packet, 12, ownSsrc);
        RtpPacket.writeInt(packet, 16, mediaSsrc);
        return packet;
    }

    /** Whether a received compound RTCP packet asks for a whole picture (PLI or FIR); malformed ones ask nothing. */
    static boolean asksForKeyframe(byte[] data, int length) {
        int offset = 0;
        while (offset + 4 <= length) {
            if ((data[offset] & 0xc0) != 0x80) {
                return false;
            }
            int format = data[offset] & 0x1f;
            int type = data[offset + 1] & 0xff;
            int size = 4 * (1 + (((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff)));
            if (offset + size > length) {
                return false;
            }
            if (type == PAYLOAD_SPECIFIC_FEEDBACK && (format == PLI || format == FIR)) {
                return true;
            }
            offset += size;
        }
        return false;
    }
}
