package org.parley.media.internal.audio;

/**
 * Where decoded received audio goes: 16-bit signed little-endian mono PCM. Called from one media
 * thread at a time; {@link #close()} may come from another thread.
 */
public interface SampleSink extends AutoCloseable {

    /**
     * Takes {@code length} bytes of PCM from {@code data[offset..]} at {@code sampleRate}.
     */
    void write(byte[] data, int offset, int length, int sampleRate);

    /** Completes the sink; later writes are ignored. */
    @Override
    void close();
}
