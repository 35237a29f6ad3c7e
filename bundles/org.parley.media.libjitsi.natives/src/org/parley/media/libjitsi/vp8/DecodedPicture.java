package org.parley.media.libjitsi.vp8;

/**
 * One decoded picture in I420 without padding: the Y plane ({@code width * height} bytes), then the
 * U plane, then the V plane, each {@code ((width + 1) / 2) * ((height + 1) / 2)} bytes (for the even
 * sizes video usually has, {@code (width / 2) * (height / 2)}). The array is not copied: whoever
 * holds the record owns it.
 *
 * @param width  in pixels
 * @param height in pixels
 * @param i420   the planes
 */
public record DecodedPicture(int width, int height, byte[] i420) {

    /**
     * The size of an I420 picture without padding.
     *
     * @param width  in pixels
     * @param height in pixels
     * @return the number of bytes of its three planes
     */
    public static int i420Size(int width, int height) {
        return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
    }
}
