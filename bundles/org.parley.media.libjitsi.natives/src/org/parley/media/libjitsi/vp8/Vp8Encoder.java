package org.parley.media.libjitsi.vp8;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import org.jitsi.impl.neomedia.codec.video.VPX;

/**
 * Encodes I420 pictures to VP8 for calls with libjitsi's libvpx binding: one-pass real-time, one
 * thread, constant bit rate, error resilient, a keyframe at least every {@value #KEYFRAME_SECONDS}
 * seconds and whenever asked for (e.g. on an RTCP PLI). The {@code jnvpx} library must already be
 * loaded.
 *
 * <p>The binding cannot set libvpx's time base, which stays at libvpx's default of 1/30 s, so frame
 * times are given to libvpx in 1/30 s and the frame rate is limited to 30 per second. Its
 * {@code codec_enc_config_set} passes the wrong pointer, so {@link #setBitrate(int)} restarts the
 * encoder instead of reconfiguring it.
 */
public final class Vp8Encoder implements AutoCloseable {

    /** The longest time between two automatic keyframes. */
    public static final int KEYFRAME_SECONDS = 3;

    /** libvpx's time base, which the binding cannot change. */
    private static final int TIME_BASE_HZ = 30;
    /** {@code VPX_EFLAG_FORCE_KF}, which the binding does not define. */
    private static final long FLAG_FORCE_KEYFRAME = 1;
    /** Skip frames rather than let the rate controller's buffer underflow (as WebRTC does). */
    private static final int DROP_FRAME_THRESHOLD = 30;

    private final int width;
    private final int height;
    private final int framesPerSecond;
    private final int frameSize;
    private long context;
    private long config;
    private long image;
    private long placeholder;
    private long frameNumber;

    /**
     * Opens an encoder.
     *
     * @param width           in pixels, even
     * @param height          in pixels, even
     * @param framesPerSecond the nominal frame rate, 1 to 30
     * @param bitrateKbps     the target bit rate in kbit/s
     * @throws IllegalArgumentException if a parameter is out of range
     * @throws IllegalStateException    if libjitsi's VP8 library is not loaded or libvpx refuses the
     *                                  configuration
     */
    public Vp8Encoder(int width, int height, int framesPerSecond, int bitrateKbps) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0 || width > 16383 || height > 16383) {
            throw new IllegalArgumentException("VP8 pictures must have even sizes up to 16382: " + width + "x" + height);
        }
        if (framesPerSecond < 1 || framesPerSecond > TIME_BASE_HZ) {
            throw new IllegalArgumentException("The frame rate must be 1 to " + TIME_BASE_HZ + ": " + framesPerSecond);
        }
        if (bitrateKbps <= 0) {
            throw new IllegalArgumentException("The bit rate must be positive: " + bitrateKbps);
        }
        this.width = width;
        this.height = height;
        this.framesPerSecond = framesPerSecond;
        this.frameSize = width * height * 3 / 2;
        try {
            open(bitrateKbps);
        } catch (LinkageError e) {
            release();
            throw new IllegalStateException("libjitsi's VP8 library (jnvpx) is not loaded: " + e, e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void open(int bitrateKbps) {
        config = VPX.codec_enc_cfg_malloc();
        image = VPX.img_malloc();
        placeholder = VPX.malloc(16);
        context = VPX.codec_ctx_malloc();
        if (config == 0 || image == 0 || placeholder == 0 || context == 0) {
            throw new IllegalStateException("Out of native memory for a VP8 encoder");
        }
        check(VPX.codec_enc_config_default(VPX.INTERFACE_VP8_ENC, config, 0), "get the default configuration");
        VPX.codec_enc_cfg_set_w(config, width);
        VPX.codec_enc_cfg_set_h(config, height);
        VPX.codec_enc_cfg_set_threads(config, 1);
        VPX.codec_enc_cfg_set_error_resilient(config, VPX.ERROR_RESILIENT_DEFAULT);
        VPX.codec_enc_cfg_set_rc_end_usage(config, VPX.RC_MODE_CBR);
        VPX.codec_enc_cfg_set_rc_target_bitrate(config, bitrateKbps);
        VPX.codec_enc_cfg_set_rc_min_quantizer(config, 2);
        VPX.codec_enc_cfg_set_rc_max_quantizer(config, 56);
        VPX.codec_enc_cfg_set_rc_undershoot_pct(config, 100);
        VPX.codec_enc_cfg_set_rc_overshoot_pct(config, 15);
        VPX.codec_enc_cfg_set_rc_buf_sz(config, 1000);
        VPX.codec_enc_cfg_set_rc_buf_initial_sz(config, 500);
        VPX.codec_enc_cfg_set_rc_buf_optimal_sz(config, 600);
        VPX.codec_enc_cfg_set_rc_dropframe_thresh(config, DROP_FRAME_THRESHOLD);
        VPX.codec_enc_cfg_set_rc_resize_allowed(config, 0);
        // The binding's KF_MODE_DISABLED has the value of KF_MODE_AUTO (1); only AUTO is used here.
        VPX.codec_enc_cfg_set_kf_mode(config, VPX.KF_MODE_AUTO);
        VPX.codec_enc_cfg_set_kf_min_dist(config, 0);
        VPX.codec_enc_cfg_set_kf_max_dist(config, KEYFRAME_SECONDS * framesPerSecond);
        // Initialises every field of the image; codec_encode points its planes into the input array.
        VPX.img_wrap(image, VPX.IMG_FMT_I420, width, height, 1, placeholder);
        check(VPX.codec_enc_init(context, VPX.INTERFACE_VP8_ENC, config, 0), "start");
    }

    private static void check(int error, String what) {
        if (error != VPX.CODEC_OK) {
            throw new IllegalStateException("libvpx could not " + what + " a VP8 encoder: "
                    + VPX.codec_err_to_string(error));
        }
    }

    /**
     * Encodes one picture.
     *
     * @param i420          the Y plane ({@code width * height} bytes), then the U plane, then the V
     *                      plane ({@code (width / 2) * (height / 2)} bytes each), without padding
     * @param forceKeyframe whether to encode a keyframe
     * @return the compressed frame, or empty if the rate controller skipped this picture
     * @throws IllegalArgumentException if {@code i420} is too short
     * @throws IllegalStateException    if the encoder is closed or libvpx fails
     */
    public synchronized Optional<Vp8Frame> encode(byte[] i420, boolean forceKeyframe) {
        if (context == 0) {
            throw new IllegalStateException("The VP8 encoder is closed");
        }
        if (i420.length < frameSize) {
            throw new IllegalArgumentException("An I420 picture of " + width + "x" + height + " has " + frameSize
                    + " bytes, not " + i420.length);
        }
        long pts = frameNumber * TIME_BASE_HZ / framesPerSecond;
        long duration = (frameNumber + 1) * TIME_BASE_HZ / framesPerSecond - pts;
        frameNumber++;
        int ySize = width * height;
        int error = VPX.codec_encode(context, image, i420, 0, ySize, ySize + ySize / 4, pts, duration,
                forceKeyframe ? FLAG_FORCE_KEYFRAME : 0, VPX.DL_REALTIME);
        if (error != VPX.CODEC_OK) {
            throw new IllegalStateException("libvpx could not encode a VP8 frame: " + VPX.codec_err_to_string(error));
        }
        return collect();
    }

    private Optional<Vp8Frame> collect() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] iterator = new long[1];
        for (long packet = VPX.codec_get_cx_data(context, iterator); packet != 0;
                packet = VPX.codec_get_cx_data(context, iterator)) {
            if (VPX.codec_cx_pkt_get_kind(packet) == VPX.CODEC_CX_FRAME_PKT) {
                int size = VPX.codec_cx_pkt_get_size(packet);
                if (size > 0) {
                    byte[] data = new byte[size];
                    VPX.memcpy(data, VPX.codec_cx_pkt_get_data(packet), size);
                    out.writeBytes(data);
                }
            }
        }
        if (out.size() == 0) {
            return Optional.empty();
        }
        byte[] frame = out.toByteArray();
        return Optional.of(new Vp8Frame(frame, Vp8Frame.isKeyframe(frame, 0, frame.length)));
    }

    /**
     * Changes the target bit rate. The binding cannot reconfigure a running encoder, so this restarts
     * it: the next frame is a keyframe.
     *
     * @param kbps the new target in kbit/s
     * @throws IllegalArgumentException if {@code kbps} is not positive
     * @throws IllegalStateException    if the encoder is closed or cannot restart (it is then closed)
     */
    public synchronized void setBitrate(int kbps) {
        if (kbps <= 0) {
            throw new IllegalArgumentException("The bit rate must be positive: " + kbps);
        }
        if (context == 0) {
            throw new IllegalStateException("The VP8 encoder is closed");
        }
        VPX.codec_destroy(context);
        VPX.codec_enc_cfg_set_rc_target_bitrate(config, kbps);
        int error = VPX.codec_enc_init(context, VPX.INTERFACE_VP8_ENC, config, 0);
        if (error != VPX.CODEC_OK) {
            VPX.free(context);
            context = 0;
            release();
            throw new IllegalStateException("libvpx could not restart the VP8 encoder at " + kbps + " kbit/s: "
                    + VPX.codec_err_to_string(error));
        }
    }

    /** Releases libvpx's encoder; later calls to {@link #encode} fail. Idempotent. */
    @Override
    public synchronized void close() {
        if (context != 0) {
            VPX.codec_destroy(context);
        }
        release();
    }

    private void release() {
        try {
            context = free(context);
            config = free(config);
            image = free(image);
            placeholder = free(placeholder);
        } catch (LinkageError e) {
            // Nothing was allocated if the library is missing.
        }
    }

    private static long free(long pointer) {
        if (pointer != 0) {
            VPX.free(pointer);
        }
        return 0;
    }
}
