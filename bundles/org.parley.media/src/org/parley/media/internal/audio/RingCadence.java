package org.parley.media.internal.audio;

/**
 * The sound of an incoming call: 440 Hz and 480 Hz together for 2 s, then 4 s of silence, again and
 * again (the ring cadence of North American telephones, which most people know as "a phone ringing").
 */
public final class RingCadence implements SampleGenerator {

    private static final double AMPLITUDE = 0.25 * Short.MAX_VALUE;
    private static final double ON_SECONDS = 2;
    private static final double PERIOD_SECONDS = 6;

    private final ToneGenerator low;
    private final ToneGenerator high;
    private final long onSamples;
    private final long periodSamples;
    private long position;

    public RingCadence(int sampleRate) {
        this.low = new ToneGenerator(440, sampleRate);
        this.high = new ToneGenerator(480, sampleRate);
        this.onSamples = Math.round(ON_SECONDS * sampleRate);
        this.periodSamples = Math.round(PERIOD_SECONDS * sampleRate);
    }

    @Override
    public void fill(short[] samples, int offset, int length) {
        short[] a = new short[length];
        short[] b = new short[length];
        low.fill(a, 0, length);
        high.fill(b, 0, length);
        for (int i = 0; i < length; i++) {
            boolean on = (position + i) % periodSamples < onSamples;
            // each generator gives half of full scale: scale both to a quarter so that the sum cannot clip
            samples[offset + i] = on ? (short) Math.round((a[i] + b[i]) * (AMPLITUDE / (0.5 * Short.MAX_VALUE))) : 0;
        }
        position += length;
    }
}
