package org.parley.media.libjitsi.g722;

/** The 24-tap quadrature mirror filter that splits 16 kHz audio into G.722's two 8 kHz bands and joins them. */
final class G722Qmf {

    private static final int[] COEFFICIENTS = { 3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11 };

    private final int[] x = new int[24];
    /** The sum over the even taps after the last {@link #push}. */
    int even;
    /** The sum over the odd taps after the last {@link #push}. */
    int odd;

    /** Shifts two new values in and sums the taps into {@link #even} and {@link #odd}. */
    void push(int first, int second) {
        System.arraycopy(x, 2, x, 0, 22);
        x[22] = first;
        x[23] = second;
        odd = 0;
        even = 0;
        for (int i = 0; i < 12; i++) {
            odd += x[2 * i] * COEFFICIENTS[i];
            even += x[2 * i + 1] * COEFFICIENTS[11 - i];
        }
    }
}
