package org.parley.media.libjitsi.g722;

/** The quantizer tables that G.722's encoder and decoder share. */
final class G722Tables {

    /** Low band: the inverse 4-bit quantizer (block 2L). */
    static final int[] QM4 = { 0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288,
        4240, 2584, 1200, 0 };
    /** Low band: the 4-bit code to its scale weight index. */
    static final int[] RL42 = { 0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0 };
    /** Low band: the scale factor weights (block 3L). */
    static final int[] WL = { -60, -30, 58, 172, 334, 538, 1198, 3042 };
    /** High band: the inverse 2-bit quantizer (block 2H). */
    static final int[] QM2 = { -7408, -1616, 7408, 1616 };
    /** High band: the 2-bit code to its scale weight index. */
    static final int[] RH2 = { 2, 1, 2, 1 };
    /** High band: the scale factor weights (block 3H). */
    static final int[] WH = { 0, -214, 798 };

    private G722Tables() {
    }
}
