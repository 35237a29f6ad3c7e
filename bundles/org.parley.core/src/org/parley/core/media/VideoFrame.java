package org.parley.core.media;

/**
 * One picture of a video stream in I420 (YUV 4:2:0 planar): the full-size luma plane, then the
 * quarter-size blue and red chroma planes, rows without padding. The array is the frame's own;
 * whoever is handed a frame may keep it but must not change it.
 *
 * @param width  the picture's width in pixels, even
 * @param height the picture's height in pixels, even
 * @param i420   {@code width * height * 3 / 2} bytes: Y, then U, then V
 */
public record VideoFrame(int width, int height, byte[] i420) {

    public VideoFrame {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("A video frame's sides are even and positive: " + width + "x" + height);
        }
        if (i420 == null || i420.length != width * height * 3 / 2) {
            throw new IllegalArgumentException("An I420 frame of " + width + "x" + height + " has "
                    + width * height * 3 / 2 + " bytes");
        }
    }

    /** The luma (brightness) of one pixel, 0 to 255. */
    public int luma(int x, int y) {
        return i420[y * width + x] & 0xff;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + width + "x" + height + "]";
    }
}
