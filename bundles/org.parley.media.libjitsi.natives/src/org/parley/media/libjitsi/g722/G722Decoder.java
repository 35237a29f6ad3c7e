package org.parley.media.libjitsi.g722;

/** A G.722 decoder at 64 kbit/s: each byte becomes two 16 kHz samples (see {@link G722Encoder}). */
public final class G722Decoder {

    /** Low band: the inverse 6-bit quantizer (block 5L). */
    private static final int[] QM6 = { -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512,
        -12280, -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
        -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280,
        11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
        1688, 1360, 1040, 728, 432, 136, -432, -136 };

    private final G722Qmf qmf = new G722Qmf();
    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);

    /**
     * Decodes {@code length} bytes from {@code data} into {@code 2 * length} 16-bit little-endian
     * samples ({@code 4 * length} bytes) of {@code pcm}.
     */
    public void decode(byte[] data, int offset, int length, byte[] pcm, int pcmOffset) {
        for (int i = 0; i < length; i++) {
            int code = data[offset + i] & 0xff;
            int rlow = decodeLow(code & 0x3f);
            int rhigh = decodeHigh(code >> 6);
            qmf.push(rlow + rhigh, rlow - rhigh);
            put(pcm, pcmOffset + 4 * i, G722Band.saturate(qmf.even >> 11));
            put(pcm, pcmOffset + 4 * i + 2, G722Band.saturate(qmf.odd >> 11));
        }
    }

    private int decodeLow(int code) {
        int rlow = Math.clamp(low.s + ((low.det * QM6[code]) >> 15), -16384, 16383);
        int quarter = code >> 2;
        int dlow = (low.det * G722Tables.QM4[quarter]) >> 15;
        low.adaptScale(G722Tables.WL[G722Tables.RL42[quarter]], 18432, 8);
        low.predict(dlow);
        return rlow;
    }

    private int decodeHigh(int code) {
        int dhigh = (high.det * G722Tables.QM2[code]) >> 15;
        int rhigh = Math.clamp(dhigh + high.s, -16384, 16383);
        high.adaptScale(G722Tables.WH[G722Tables.RH2[code]], 22528, 10);
        high.predict(dhigh);
        return rhigh;
    }

    private static void put(byte[] pcm, int at, int sample) {
        pcm[at] = (byte) sample;
        pcm[at + 1] = (byte) (sample >> 8);
    }
}
