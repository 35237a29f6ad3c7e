package org.parley.media.internal.audio;

/** Drops received audio. */
public final class DiscardSink implements SampleSink {

    @Override
    public void write(byte[] data, int offset, int length, int sampleRate) {
        // dropped
    }

    @Override
    public void close() {
        // nothing to complete
    }
}
