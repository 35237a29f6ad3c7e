package org.parley.media.internal.audio;

import java.util.Arrays;

/**
 * Plays a 16-bit PCM WAV file once at the requested rate (linear interpolation when the file's rate
 * differs; stereo files are mixed down), then silence.
 */
public final class WavFilePlayer implements SampleGenerator {

    private final short[] samples;
    private final double step;
    private final int sampleRate;
    private double position;
    private long handedOver;

    /**
     * @param content    a file's audio, as read by {@link WavReader}
     * @param sampleRate the rate to play it at
     */
    public WavFilePlayer(WavReader.Content content, int sampleRate) {
        this.samples = content.samples();
        this.step = (double) content.sampleRate() / sampleRate;
        this.sampleRate = sampleRate;
    }

    @Override
    public void fill(short[] out, int offset, int length) {
        if (MediaTiming.ENABLED && position < samples.length - 1) {
            MediaTiming.log("source", handedOver, sampleRate);
        }
        handedOver += length;
        int end = offset + length;
        int i = offset;
        for (; i < end && position < samples.length - 1; i++) {
            int index = (int) position;
            double fraction = position - index;
            out[i] = (short) Math.round(samples[index] * (1 - fraction) + samples[index + 1] * fraction);
            position += step;
        }
        Arrays.fill(out, i, end, (short) 0);
    }
}
