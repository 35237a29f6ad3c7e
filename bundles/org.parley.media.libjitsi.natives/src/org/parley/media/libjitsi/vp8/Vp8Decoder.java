package org.parley.media.libjitsi.vp8;

import java.util.Objects;
import java.util.Optional;

import org.jitsi.impl.neomedia.codec.video.VPX;

/**
 * Decodes VP8 frames to I420 pictures with libjitsi's libvpx binding (without libjitsi's own
 * decoder, which needs FFmpeg). The {@code jnvpx} library must already be loaded. Input that libvpx
 * cannot decode, such as a damaged frame or a frame that refers to a picture it has not seen, yields
 * nothing; the caller should then ask the sender for a keyframe. Keyframes announcing pictures wider
 * or taller than {@value #MAX_SIDE} pixels or larger than {@value #MAX_PIXELS} pixels are refused
 * before they reach libvpx, which would otherwise allocate frame buffers for whatever size a damaged
 * or hostile keyframe claims (VP8 allows up to 16383x16383).
 */
public final class Vp8Decoder implements AutoCloseable {

    /** The widest and tallest picture decoded. */
    public static final int MAX_SIDE = 4096;
    /** The largest picture decoded, in pixels (4096x2304, a little more than 4K UHD). */
    public static final int MAX_PIXELS = 4096 * 2304;

    private long context;
    private byte[] scratch = new byte[0];

    /**
     * Opens a decoder.
     *
     * @throws IllegalStateException if libjitsi's VP8 library is not loaded or libvpx fails
     */
    public Vp8Decoder() {
        try {
            context = VPX.codec_ctx_malloc();
            if (context == 0) {
                throw new IllegalStateException("Out of native memory for a VP8 decoder");
            }
            int error = VPX.codec_dec_init(context, VPX.INTEFACE_VP8_DEC, 0, 0);
            if (error != VPX.CODEC_OK) {
                VPX.free(context);
                context = 0;
                throw new IllegalStateException("libvpx could not start a VP8 decoder: "
                        + VPX.codec_err_to_string(error));
            }
        } catch (LinkageError e) {
            throw new IllegalStateException("libjitsi's VP8 library (jnvpx) is not loaded: " + e, e);
        }
    }

    /**
     * Decodes one compressed frame.
     *
     * @param data   the buffer
     * @param offset where the frame starts
     * @param length its length in bytes
     * @return the picture (in I420 without padding, see {@link DecodedPicture}), or empty if the
     *         frame cannot be decoded or shows nothing
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code data}
     * @throws IllegalStateException     if the decoder is closed
     */
    public synchronized Optional<DecodedPicture> decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (context == 0) {
            throw new IllegalStateException("The VP8 decoder is closed");
        }
        if (length == 0 || tooLarge(data, offset, length)) {
            return Optional.empty();
        }
        if (VPX.codec_decode(context, data, offset, length, 0, 0) != VPX.CODEC_OK) {
            drain();
            return Optional.empty();
        }
        long[] iterator = new long[1];
        Optional<DecodedPicture> picture = Optional.empty();
        for (long image = VPX.codec_get_frame(context, iterator); image != 0;
                image = VPX.codec_get_frame(context, iterator)) {
            picture = copy(image);
        }
        return picture;
    }

    /** Whether the frame is a keyframe whose size (RFC 6386, section 9.1) is beyond the limits. */
    private static boolean tooLarge(byte[] data, int offset, int length) {
        if (!Vp8Frame.isKeyframe(data, offset, length)) {
            return false;
        }
        int width = (data[offset + 6] & 0xff | (data[offset + 7] & 0xff) << 8) & 0x3fff;
        int height = (data[offset + 8] & 0xff | (data[offset + 9] & 0xff) << 8) & 0x3fff;
        return width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS;
    }

    private void drain() {
        long[] iterator = new long[1];
        while (VPX.codec_get_frame(context, iterator) != 0) {
            // Discard whatever a failed call left behind.
        }
    }

    private Optional<DecodedPicture> copy(long image) {
        int width = VPX.img_get_d_w(image);
        int height = VPX.img_get_d_h(image);
        if (VPX.img_get_fmt(image) != VPX.IMG_FMT_I420 || width <= 0 || height <= 0
                || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
            return Optional.empty();
        }
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        byte[] i420 = new byte[DecodedPicture.i420Size(width, height)];
        int uOffset = width * height;
        int vOffset = uOffset + chromaWidth * chromaHeight;
        boolean copied = copyPlane(VPX.img_get_plane0(image), VPX.img_get_stride0(image), width, height, i420, 0)
                && copyPlane(VPX.img_get_plane1(image), VPX.img_get_stride1(image), chromaWidth, chromaHeight,
                        i420, uOffset)
                && copyPlane(VPX.img_get_plane2(image), VPX.img_get_stride2(image), chromaWidth, chromaHeight,
                        i420, vOffset);
        return copied ? Optional.of(new DecodedPicture(width, height, i420)) : Optional.empty();
    }

    /**
     * Copies a plane row by row, dropping the padding at the end of each row. The rows are fetched
     * with one native copy of the bytes they span (the binding's {@code memcpy} writes to the start
     * of an array and copies the whole array in and out of the JVM on each call).
     */
    private boolean copyPlane(long plane, int stride, int planeWidth, int planeHeight, byte[] to, int offset) {
        if (plane == 0 || stride < planeWidth) {
            return false;
        }
        int span = stride * (planeHeight - 1) + planeWidth;
        if (scratch.length < span) {
            scratch = new byte[span];
        }
        VPX.memcpy(scratch, plane, span);
        for (int row = 0; row < planeHeight; row++) {
            System.arraycopy(scratch, row * stride, to, offset + row * planeWidth, planeWidth);
        }
        return true;
    }

    /** Releases libvpx's decoder; later calls to {@link #decode} fail. Idempotent. */
    @Override
    public synchronized void close() {
        if (context != 0) {
            VPX.codec_destroy(context);
            VPX.free(context);
            context = 0;
            scratch = new byte[0];
        }
    }
}
