package org.parley.media.libjitsi.g722;

/**
 * The state of one G.722 sub-band (ITU-T G.722, 64 kbit/s mode): its adaptive predictor (blocks
 * 4L/4H) and its quantizer scale. Encoder and decoder run the same updates, so that they predict
 * alike.
 */
final class G722Band {

    private static final int[] ILB = { 2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599,
        2656, 2714, 2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756,
        3838, 3922, 4008 };

    /** The predicted signal. */
    int s;
    /** The quantizer scale factor. */
    int det;
    private int nb;
    private int sp;
    private int sz;
    private final int[] r = new int[3];
    private final int[] a = new int[3];
    private final int[] ap = new int[3];
    private final int[] p = new int[3];
    private final int[] d = new int[7];
    private final int[] b = new int[7];
    private final int[] bp = new int[7];
    private final int[] sg = new int[7];

    G722Band(int det) {
        this.det = det;
    }

    /**
     * Blocks 3L/3H, LOGSCL and SCALEL: adapts the scale factor.
     *
     * @param weight the logarithmic weight of the last code
     * @param limit  the largest log scale (18432 low band, 22528 high band)
     * @param shift  8 for the low band, 10 for the high band
     */
    void adaptScale(int weight, int limit, int shift) {
        nb = Math.clamp(((nb * 127) >> 7) + weight, 0, limit);
        int index = (nb >> 6) & 31;
        int exponent = shift - (nb >> 11);
        int scale = exponent < 0 ? ILB[index] << -exponent : ILB[index] >> exponent;
        det = scale << 2;
    }

    /** Block 4: updates the predictor with the quantized difference {@code dq}. */
    void predict(int dq) {
        d[0] = dq;
        r[0] = saturate(s + dq);
        p[0] = saturate(sz + dq);

        // UPPOL2
        for (int i = 0; i < 3; i++) {
            sg[i] = p[i] >> 15;
        }
        int wd1 = saturate(a[1] << 2);
        int wd2 = sg[0] == sg[1] ? -wd1 : wd1;
        if (wd2 > 32767) {
            wd2 = 32767;
        }
        int wd3 = (wd2 >> 7) + (sg[0] == sg[2] ? 128 : -128);
        wd3 += (a[2] * 32512) >> 15;
        ap[2] = Math.clamp(wd3, -12288, 12288);

        // UPPOL1
        sg[0] = p[0] >> 15;
        sg[1] = p[1] >> 15;
        wd1 = sg[0] == sg[1] ? 192 : -192;
        wd2 = (a[1] * 32640) >> 15;
        ap[1] = saturate(wd1 + wd2);
        wd3 = saturate(15360 - ap[2]);
        ap[1] = Math.clamp(ap[1], -wd3, wd3);

        // UPZERO
        wd1 = dq == 0 ? 0 : 128;
        sg[0] = dq >> 15;
        for (int i = 1; i < 7; i++) {
            sg[i] = d[i] >> 15;
            wd2 = sg[i] == sg[0] ? wd1 : -wd1;
            wd3 = (b[i] * 32640) >> 15;
            bp[i] = saturate(wd2 + wd3);
        }

        // DELAYA
        for (int i = 6; i > 0; i--) {
            d[i] = d[i - 1];
            b[i] = bp[i];
        }
        for (int i = 2; i > 0; i--) {
            r[i] = r[i - 1];
            p[i] = p[i - 1];
            a[i] = ap[i];
        }

        // FILTEP
        wd1 = (a[1] * saturate(r[1] + r[1])) >> 15;
        wd2 = (a[2] * saturate(r[2] + r[2])) >> 15;
        sp = saturate(wd1 + wd2);

        // FILTEZ
        int zeros = 0;
        for (int i = 6; i > 0; i--) {
            zeros += (b[i] * saturate(d[i] + d[i])) >> 15;
        }
        sz = saturate(zeros);

        // PREDIC
        s = saturate(sp + sz);
    }

    static int saturate(int value) {
        return Math.clamp(value, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
