package org.parley.media.internal.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes received audio to a 16-bit mono PCM WAV file as it arrives. The header is written first
 * with the sample rate of the first audio and lengths of zero; {@link #close()} fills in the lengths.
 * Audio at another rate than the first is dropped (a session's decoder keeps one rate).
 */
public final class WavFileSink implements SampleSink {

    private static final int HEADER_SIZE = 44;

    private final FileChannel channel;
    private int sampleRate;
    private long dataBytes;
    private boolean closed;

    /**
     * Creates (or truncates) the file and writes a header for an empty file at 8000 Hz, so that even
     * a session that never receives audio leaves a valid WAV file.
     *
     * @throws IOException if the file cannot be written
     */
    public WavFileSink(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeHeader(8000, 0);
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length, int rate) {
        if (closed || length <= 0) {
            return;
        }
        try {
            if (sampleRate == 0) {
                sampleRate = rate;
                writeHeader(rate, 0);
            } else if (rate != sampleRate) {
                return;
            }
            int even = length & ~1;
            if (MediaTiming.ENABLED) {
                MediaTiming.log("sink", dataBytes / 2, sampleRate);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, even);
            while (buffer.hasRemaining()) {
                channel.write(buffer, HEADER_SIZE + dataBytes + (even - buffer.remaining()));
            }
            dataBytes += even;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            writeHeader(sampleRate == 0 ? 8000 : sampleRate, dataBytes);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeHeader(int rate, long length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x46464952).putInt((int) (36 + length)).putInt(0x45564157); // RIFF size WAVE
        header.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1); // fmt, PCM, mono
        header.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        header.putInt(0x61746164).putInt((int) length); // data
        header.flip();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
    }
}
