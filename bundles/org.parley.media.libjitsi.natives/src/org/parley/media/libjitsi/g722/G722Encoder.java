package org.parley.media.libjitsi.g722;

/**
 * A G.722 encoder at 64 kbit/s: each pair of 16 kHz samples becomes one byte, 6 bits for the
 * low band and 2 for the high band (ITU-T G.722; the arithmetic follows the reference's
 * fixed-point steps, so that the bytes interoperate with other implementations).
 */
public final class G722Encoder {

    private static final int[] Q6 = { 0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0 };
    private static final int[] ILN = { 0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0 };
    private static final int[] ILP = { 0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44,
        43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0 };
    private static final int[] IHN = { 0, 1, 0 };
    private static final int[] IHP = { 0, 3, 2 };

    private final G722Qmf qmf = new G722Qmf();
    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);

    /**
     * Encodes {@code samples} 16-bit little-endian samples (an even number) from {@code pcm} into
     * {@code samples / 2} bytes of {@code out}.
     */
    public void encode(byte[] pcm, int offset, int samples, byte[] out, int outOffset) {
        for (int i = 0; i + 1 < samples; i += 2) {
            qmf.push(sample(pcm, offset + 2 * i), sample(pcm, offset + 2 * i + 2));
            int xlow = (qmf.even + qmf.odd) >> 14;
            int xhigh = (qmf.even - qmf.odd) >> 14;
            out[outOffset + i / 2] = (byte) ((encodeHigh(xhigh) << 6) | encodeLow(xlow));
        }
    }

    private int encodeLow(int xlow) {
        int el = G722Band.saturate(xlow - low.s);
        int magnitude = el >= 0 ? el : -(el + 1);
        int level = 1;
        while (level < 30 && magnitude >= (Q6[level] * low.det) >> 12) {
            level++;
        }
        int code = el < 0 ? ILN[level] : ILP[level];
        int quarter = code >> 2;
        int dlow = (low.det * G722Tables.QM4[quarter]) >> 15;
        low.adaptScale(G722Tables.WL[G722Tables.RL42[quarter]], 18432, 8);
        low.predict(dlow);
        return code;
    }

    private int encodeHigh(int xhigh) {
        int eh = G722Band.saturate(xhigh - high.s);
        int magnitude = eh >= 0 ? eh : -(eh + 1);
        int mih = magnitude >= (564 * high.det) >> 12 ? 2 : 1;
        int code = eh < 0 ? IHN[mih] : IHP[mih];
        int dhigh = (high.det * G722Tables.QM2[code]) >> 15;
        high.adaptScale(G722Tables.WH[G722Tables.RH2[code]], 22528, 10);
        high.predict(dhigh);
        return code;
    }

    private static int sample(byte[] pcm, int at) {
        return (short) ((pcm[at] & 0xff) | (pcm[at + 1] << 8));
    }
}
