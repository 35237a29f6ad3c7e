package org.parley.media.internal.video;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reassembles compressed VP8 frames from received RTP payloads (RFC 7741), in arrival order, without
 * reordering: a missing packet loses its frame. A frame ends with its packet that has the RTP marker
 * or, for senders that do not set it, when the next frame's first packet (another timestamp) follows
 * without a gap. After a lost frame, and until the first keyframe, no frame is delivered (the decoder
 * could not use it) and {@link #needsKeyframe()} says to ask the sender for one (RTCP PLI).
 * Duplicated and late packets are ignored; malformed payloads count as lost. Nothing here throws.
 * Not thread-safe.
 */
public final class Vp8Depacketizer {

    /** No frame grows beyond this (a garbage stream without markers could otherwise). */
    private static final int MAX_FRAME_BYTES = 4 << 20;

    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>(2);
    private int lastSequence = -1;
    private boolean assembling;
    private long frameTimestamp;
    private boolean skipping;
    private long skipTimestamp;
    private boolean synced;
    private boolean keyframeWanted;
    private long completed;
    private long dropped;

    /** Creates a depacketizer that waits for a keyframe. */
    public Vp8Depacketizer() {
    }

    /**
     * Takes one received RTP packet of the stream.
     *
     * @param sequence  its RTP sequence number (the low 16 bits count)
     * @param timestamp its RTP timestamp (the low 32 bits count)
     * @param marker    its RTP marker bit
     * @param payload   a buffer holding its payload
     * @param offset    where the payload starts
     * @param length    the payload's length
     * @return a whole compressed frame, if one is complete and decodable; when one packet completes
     *         two frames (the earlier one by the timestamp change), the second comes with the next call
     */
    public Optional<byte[]> push(int sequence, long timestamp, boolean marker, byte[] payload, int offset,
            int length) {
        int seq = sequence & 0xffff;
        long ts = timestamp & 0xffff_ffffL;
        if (lastSequence >= 0) {
            int ahead = (seq - lastSequence) & 0xffff;
            if (ahead == 0 || ahead >= 0x8000) {
                return next();
            }
            if (ahead > 1) {
                lose();
            }
        }
        lastSequence = seq;
        int header = payload == null || offset < 0 || length < 0 || offset > payload.length - length
                ? -1 : descriptorLength(payload, offset, length);
        if (header < 0 || header >= length) {
            lose();
            return next();
        }
        if (assembling && ts != frameTimestamp) {
            finish();
        }
        int first = payload[offset];
        if ((first & 0x10) != 0 && (first & 0x07) == 0) {
            if (assembling) {
                drop();
            }
            assembling = true;
            skipping = false;
            frameTimestamp = ts;
            frame.reset();
        } else if (!assembling) {
            if (!skipping || ts != skipTimestamp) {
                skip(ts);
            }
            return next();
        }
        if (frame.size() + length - header > MAX_FRAME_BYTES) {
            drop();
            return next();
        }
        frame.write(payload, offset + header, length - header);
        if (marker) {
            finish();
        }
        return next();
    }

    /**
     * The length of the payload descriptor at {@code offset}, or -1 if the payload ends inside it.
     */
    private static int descriptorLength(byte[] payload, int offset, int length) {
        if (length < 1) {
            return -1;
        }
        int end = offset + length;
        int i = offset + 1;
        if ((payload[offset] & 0x80) != 0) {
            if (i >= end) {
                return -1;
            }
            int extension = payload[i++] & 0xff;
            if ((extension & 0x80) != 0) {
                if (i >= end) {
                    return -1;
                }
                boolean longPictureId = (payload[i++] & 0x80) != 0;
                if (longPictureId && i++ >= end) {
                    return -1;
                }
            }
            if ((extension & 0x40) != 0 && i++ >= end) {
                return -1;
            }
            if ((extension & 0x30) != 0 && i++ >= end) {
                return -1;
            }
        }
        return i - offset;
    }

    private Optional<byte[]> next() {
        return Optional.ofNullable(ready.poll());
    }

    private void finish() {
        byte[] whole = frame.toByteArray();
        assembling = false;
        frame.reset();
        if (isKeyframe(whole)) {
            synced = true;
            keyframeWanted = false;
        }
        if (synced) {
            ready.add(whole);
            completed++;
        } else {
            dropped++;
            keyframeWanted = true;
        }
    }

    /** A gap or a malformed packet: the frame being assembled, if any, is lost, and so is sync. */
    private void lose() {
        if (assembling) {
            drop();
        }
        synced = false;
        keyframeWanted = true;
    }

    /** Loses the frame being assembled, and ignores its remaining packets. */
    private void drop() {
        assembling = false;
        frame.reset();
        skip(frameTimestamp);
    }

    /** Counts a lost frame and ignores its remaining packets, which carry {@code timestamp}. */
    private void skip(long timestamp) {
        dropped++;
        skipping = true;
        skipTimestamp = timestamp;
        synced = false;
        keyframeWanted = true;
    }

    /** RFC 6386, section 9.1: bit 0 of the frame tag is 0 and the start code follows the tag. */
    private static boolean isKeyframe(byte[] frame) {
        return frame.length >= 10
                && (frame[0] & 0x01) == 0
                && (frame[3] & 0xff) == 0x9d
                && (frame[4] & 0xff) == 0x01
                && (frame[5] & 0xff) == 0x2a;
    }

    /**
     * Whether frames have been lost since the last keyframe (or the stream began with something else
     * than a keyframe), so nothing is delivered until the sender sends a keyframe.
     *
     * @return {@code true} if the sender should be asked for a keyframe
     */
    public boolean needsKeyframe() {
        return keyframeWanted;
    }

    /**
     * The number of frames delivered so far.
     *
     * @return how many frames {@link #push} has delivered or queued for delivery
     */
    public long framesCompleted() {
        return completed;
    }

    /**
     * The number of frames lost so far.
     *
     * @return how many frames, seen at least in part, were not delivered: incomplete, malformed, or
     *         waiting for a keyframe (frames lost with all their packets are not counted)
     */
    public long framesDropped() {
        return dropped;
    }
}
