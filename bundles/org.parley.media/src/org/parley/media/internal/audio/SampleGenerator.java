package org.parley.media.internal.audio;

/**
 * Produces the audio a session sends: 16-bit signed mono samples at a fixed rate, as fast as they
 * are asked for (the caller paces).
 */
public interface SampleGenerator {

    /**
     * Fills {@code samples[offset .. offset+length)} with the next samples.
     */
    void fill(short[] samples, int offset, int length);
}
