package org.parley.media.internal.audio;

/** Sample-rate conversion good enough for recordings and checks (not for playback quality). */
final class Resampling {

    private Resampling() {
    }

    /** {@code samples[offset..offset+length)} at {@code from} Hz as the same stretch of time at {@code to} Hz, by linear interpolation. */
    static short[] linear(short[] samples, int offset, int length, int from, int to) {
        short[] out = new short[(int) ((long) length * to / from)];
        for (int i = 0; i < out.length; i++) {
            double position = (double) i * from / to;
            int before = (int) position;
            int after = Math.min(before + 1, length - 1);
            double weight = position - before;
            out[i] = (short) Math.round(samples[offset + before] * (1 - weight) + samples[offset + after] * weight);
        }
        return out;
    }
}
