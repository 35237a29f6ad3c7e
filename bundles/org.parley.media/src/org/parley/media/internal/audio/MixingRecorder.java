package org.parley.media.internal.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Mixes the two directions of a call into one WAV or Ogg Opus file. Each direction arrives in real time on its
 * own media thread; samples wait in a lane until the other direction has as many, then the two are
 * added. A direction that stays quiet for longer than {@link #MAX_LAG_SECONDS} (held, muted by a
 * device, or lost packets) counts as silence, so that the other is not held back. The file's rate is
 * that of the first audio; audio at another rate (after a codec change) is resampled to it.
 */
final class MixingRecorder implements AutoCloseable {

    private static final double MAX_LAG_SECONDS = 0.3;

    private final SampleSink file;
    private final Lane sent = new Lane();
    private final Lane received = new Lane();
    private int rate;
    private boolean closed;

    /**
     * @param file a {@code .ogg} or {@code .opus} file is written as Ogg Opus, any other as WAV
     * @throws IOException if the file cannot be written
     */
    MixingRecorder(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        this.file = name.endsWith(".ogg") || name.endsWith(".opus") ? new OggOpusSink(file) : new WavFileSink(file);
    }

    /** Takes audio this session sends. */
    synchronized void sent(short[] samples, int offset, int length, int sampleRate) {
        add(sent, samples, offset, length, sampleRate);
    }

    /** Takes audio this session received (16-bit signed little-endian PCM). */
    synchronized void received(byte[] data, int offset, int length, int sampleRate) {
        short[] samples = new short[length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((data[offset + 2 * i] & 0xff) | (data[offset + 2 * i + 1] << 8));
        }
        add(received, samples, 0, samples.length, sampleRate);
    }

    private void add(Lane lane, short[] samples, int offset, int length, int sampleRate) {
        if (closed || length <= 0 || sampleRate <= 0) {
            return;
        }
        if (rate == 0) {
            rate = sampleRate;
        }
        if (sampleRate == rate) {
            lane.add(samples, offset, length);
        } else {
            short[] resampled = Resampling.linear(samples, offset, length, sampleRate, rate);
            lane.add(resampled, 0, resampled.length);
        }
        mix(Math.min(sent.size, received.size));
        int maxLag = (int) (rate * MAX_LAG_SECONDS);
        if (sent.size > maxLag || received.size > maxLag) {
            mix(Math.max(sent.size, received.size));
        }
    }

    /** Writes the next {@code count} samples of both lanes added, a lane short of samples adding silence. */
    private void mix(int count) {
        if (count == 0) {
            return;
        }
        byte[] bytes = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            int sum = sent.at(i) + received.at(i);
            short clipped = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
            bytes[2 * i] = (byte) clipped;
            bytes[2 * i + 1] = (byte) (clipped >> 8);
        }
        sent.drop(count);
        received.drop(count);
        file.write(bytes, 0, bytes.length, rate);
    }

    /** Writes what is left of either direction and completes the file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        mix(Math.max(sent.size, received.size));
        closed = true;
        file.close();
    }

    /** The samples of one direction not yet written. */
    private static final class Lane {
        private short[] samples = new short[4096];
        private int size;

        void add(short[] more, int offset, int length) {
            if (size + length > samples.length) {
                samples = java.util.Arrays.copyOf(samples, Math.max(2 * samples.length, size + length));
            }
            System.arraycopy(more, offset, samples, size, length);
            size += length;
        }

        /** The sample at {@code index}, silence beyond what the lane holds. */
        int at(int index) {
            return index < size ? samples[index] : 0;
        }

        void drop(int count) {
            int dropped = Math.min(count, size);
            System.arraycopy(samples, dropped, samples, 0, size - dropped);
            size -= dropped;
        }
    }
}
