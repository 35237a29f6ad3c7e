package org.parley.media.internal.audio;

import java.util.Arrays;

/** Digital silence. */
public final class Silence implements SampleGenerator {

    @Override
    public void fill(short[] samples, int offset, int length) {
        Arrays.fill(samples, offset, offset + length, (short) 0);
    }
}
