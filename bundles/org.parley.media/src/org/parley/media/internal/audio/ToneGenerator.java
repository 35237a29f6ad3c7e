package org.parley.media.internal.audio;

/** A continuous sine tone at half of full scale. */
public final class ToneGenerator implements SampleGenerator {

    private static final double AMPLITUDE = 0.5 * Short.MAX_VALUE;

    private final double phaseStep;
    private double phase;

    /**
     * @param frequencyHz the tone's frequency
     * @param sampleRate  the rate the samples are produced at
     */
    public ToneGenerator(double frequencyHz, int sampleRate) {
        this.phaseStep = 2 * Math.PI * frequencyHz / sampleRate;
    }

    @Override
    public void fill(short[] samples, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            samples[i] = (short) Math.round(AMPLITUDE * Math.sin(phase));
            phase += phaseStep;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
        }
    }
}
