package org.parley.core.media;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A moving I420 test picture that carries its frame number, to check a video path end to end:
 * colour bars with a white bar sliding {@value #STEP} pixels to the right per frame, under a strip
 * of two rows of big black and white blocks at the top of the Y plane. The first row holds guard
 * blocks (white, black), the 16 low bits of the frame number (most significant first, white = 1),
 * and guard blocks (black, white); the second row holds the same with every block inverted. Blocks
 * are 16 pixels square per 320 pixels of width and aligned to VP8's macroblocks, so the number
 * survives lossy compression at low bit rates, and a picture without the strip (grey, noise) is
 * recognised as such.
 */
public final class TestPatternPictures {

    /** The smallest width: 20 blocks of 16 pixels. */
    public static final int MIN_WIDTH = 320;
    /** The smallest height: the strip and some room for the bars. */
    public static final int MIN_HEIGHT = 64;
    /** How far the sliding bar moves per frame, in pixels. */
    public static final int STEP = 4;

    private static final int BITS = 16;
    private static final int BLOCKS = BITS + 4;
    private static final int WHITE = 235;
    private static final int BLACK = 16;
    private static final int NEUTRAL = 128;
    private static final int ONE_ABOVE = 170;
    private static final int ZERO_BELOW = 80;
    /** 75 % colour bars: white, yellow, cyan, green, magenta, red, blue, black (R, G, B). */
    private static final int[][] BARS = {
        {191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0},
        {191, 0, 191}, {191, 0, 0}, {0, 0, 191}, {0, 0, 0},
    };

    private final int width;
    private final int height;
    private final int block;
    private final byte[] background;

    /**
     * Prepares pictures of one size.
     *
     * @param width  in pixels, even, at least {@value #MIN_WIDTH}
     * @param height in pixels, even, at least {@value #MIN_HEIGHT}
     * @throws IllegalArgumentException if the size is not supported
     */
    public TestPatternPictures(int width, int height) {
        if (!supports(width, height)) {
            throw new IllegalArgumentException("The test pattern needs even sizes of at least " + MIN_WIDTH + "x"
                    + MIN_HEIGHT + ": " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.block = blockSize(width);
        this.background = bars();
    }

    /** Whether pictures of this size can carry the pattern: even sides, at least {@value #MIN_WIDTH} wide, and tall enough for the strip. */
    public static boolean supports(int width, int height) {
        return width >= MIN_WIDTH && height >= MIN_HEIGHT && width % 2 == 0 && height % 2 == 0
                && height >= 4 * blockSize(width) && width <= 16384 && height <= 16384;
    }

    private static int blockSize(int width) {
        return 16 * (width / MIN_WIDTH);
    }

    private byte[] bars() {
        int chromaWidth = width / 2;
        int chromaSize = chromaWidth * (height / 2);
        int uOffset = width * height;
        int vOffset = uOffset + chromaSize;
        byte[] picture = new byte[uOffset + 2 * chromaSize];
        for (int x = 0; x < width; x++) {
            int[] rgb = BARS[x * BARS.length / width];
            int y = clamp((66 * rgb[0] + 129 * rgb[1] + 25 * rgb[2] + 128 >> 8) + 16);
            int u = clamp((-38 * rgb[0] - 74 * rgb[1] + 112 * rgb[2] + 128 >> 8) + 128);
            int v = clamp((112 * rgb[0] - 94 * rgb[1] - 18 * rgb[2] + 128 >> 8) + 128);
            for (int row = 0; row < height; row++) {
                picture[row * width + x] = (byte) y;
            }
            if (x % 2 == 0) {
                for (int row = 0; row < height / 2; row++) {
                    picture[uOffset + row * chromaWidth + x / 2] = (byte) u;
                    picture[vOffset + row * chromaWidth + x / 2] = (byte) v;
                }
            }
        }
        return picture;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /**
     * Draws one picture.
     *
     * @param number the frame number; its low 16 bits are drawn
     * @return the picture in I420 without padding: Y ({@code width * height} bytes), U, V
     *         ({@code (width / 2) * (height / 2)} bytes each)
     */
    public byte[] frame(long number) {
        byte[] picture = background.clone();
        int chromaWidth = width / 2;
        int uOffset = width * height;
        int vOffset = uOffset + chromaWidth * (height / 2);
        int strip = 2 * block;
        for (int row = 0; row < strip; row++) {
            Arrays.fill(picture, row * width, (row + 1) * width, (byte) NEUTRAL);
        }
        for (int row = 0; row < strip / 2; row++) {
            Arrays.fill(picture, uOffset + row * chromaWidth, uOffset + (row + 1) * chromaWidth,
                    (byte) NEUTRAL);
            Arrays.fill(picture, vOffset + row * chromaWidth, vOffset + (row + 1) * chromaWidth,
                    (byte) NEUTRAL);
        }
        boolean[] cells = cells(number & 0xffff);
        for (int i = 0; i < BLOCKS; i++) {
            paint(picture, i, 0, cells[i]);
            paint(picture, i, 1, !cells[i]);
        }
        int barWidth = block;
        int travel = (width - barWidth) / 2 * 2;
        int left = (int) (Math.floorMod(number * STEP, (long) travel) & ~1L);
        for (int row = strip; row < height; row++) {
            Arrays.fill(picture, row * width + left, row * width + left + barWidth, (byte) WHITE);
        }
        for (int row = strip / 2; row < height / 2; row++) {
            Arrays.fill(picture, uOffset + row * chromaWidth + left / 2,
                    uOffset + row * chromaWidth + (left + barWidth) / 2, (byte) NEUTRAL);
            Arrays.fill(picture, vOffset + row * chromaWidth + left / 2,
                    vOffset + row * chromaWidth + (left + barWidth) / 2, (byte) NEUTRAL);
        }
        return picture;
    }

    /** The first row's blocks: guards white, black; the bits; guards black, white. */
    private static boolean[] cells(long bits) {
        boolean[] cells = new boolean[BLOCKS];
        cells[0] = true;
        cells[1] = false;
        for (int bit = 0; bit < BITS; bit++) {
            cells[2 + bit] = (bits >> (BITS - 1 - bit) & 1) != 0;
        }
        cells[BLOCKS - 2] = false;
        cells[BLOCKS - 1] = true;
        return cells;
    }

    private void paint(byte[] picture, int column, int stripRow, boolean white) {
        byte luma = (byte) (white ? WHITE : BLACK);
        int x = column * block;
        for (int row = stripRow * block; row < (stripRow + 1) * block; row++) {
            Arrays.fill(picture, row * width + x, row * width + x + block, luma);
        }
    }

    /**
     * Reads the frame number back from a picture, decoded or not (only its luma is read).
     *
     * @return the low 16 bits of the number drawn by {@link #frame(long)}, or empty if the picture
     *         does not show a valid strip (or has a size no pattern has)
     */
    public static OptionalLong number(VideoFrame frame) {
        return number(frame.width(), frame.height(), frame.i420());
    }

    /**
     * Reads the frame number back from a picture given as I420 bytes of {@code width} x {@code height}.
     *
     * @see #number(VideoFrame)
     */
    public static OptionalLong number(int width, int height, byte[] i420) {
        if (i420 == null || !supports(width, height) || i420.length < width * height) {
            return OptionalLong.empty();
        }
        int block = blockSize(width);
        long bits = 0;
        for (int i = 0; i < BLOCKS; i++) {
            int top = level(i420, width, block, i, 0);
            int bottom = level(i420, width, block, i, 1);
            if (top < 0 || bottom < 0 || top == bottom) {
                return OptionalLong.empty();
            }
            if (i >= 2 && i < BLOCKS - 2) {
                bits = bits << 1 | top;
            }
        }
        boolean[] guards = cells(0);
        for (int i : new int[] {0, 1, BLOCKS - 2, BLOCKS - 1}) {
            if ((level(i420, width, block, i, 0) == 1) != guards[i]) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(bits);
    }

    /** 1 for a white block, 0 for a black one, -1 for anything else; judged by the block's centre. */
    private static int level(byte[] y, int width, int block, int column, int stripRow) {
        int quarter = block / 4;
        int x0 = column * block + quarter;
        int y0 = stripRow * block + quarter;
        long sum = 0;
        for (int row = y0; row < y0 + block / 2; row++) {
            for (int x = x0; x < x0 + block / 2; x++) {
                sum += y[row * width + x] & 0xff;
            }
        }
        long mean = sum / ((long) (block / 2) * (block / 2));
        return mean > ONE_ABOVE ? 1 : mean < ZERO_BELOW ? 0 : -1;
    }
}
