package org.parley.media.internal.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads 16-bit PCM WAV files (RIFF/WAVE, format 1) into mono samples. */
public final class WavReader {

    /**
     * A WAV file's audio.
     *
     * @param sampleRate the file's sample rate
     * @param samples    its samples, mixed down to mono
     */
    public record Content(int sampleRate, short[] samples) {
    }

    private WavReader() {
    }

    /**
     * Reads a whole file.
     *
     * @throws IOException if it cannot be read or is not 16-bit PCM WAV
     */
    public static Content read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() < 12 || bytes.getInt(0) != 0x46464952 /* RIFF */
                || bytes.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IOException("Not a WAV file: " + file);
        }
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        int position = 12;
        while (position + 8 <= bytes.limit()) {
            int id = bytes.getInt(position);
            int size = bytes.getInt(position + 4);
            int body = position + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                int format = bytes.getShort(body) & 0xffff;
                channels = bytes.getShort(body + 2);
                sampleRate = bytes.getInt(body + 4);
                bits = bytes.getShort(body + 14);
                if (format != 1 || bits != 16 || channels < 1) {
                    throw new IOException("Only 16-bit PCM WAV files are supported: " + file);
                }
            } else if (id == 0x61746164 /* data */) {
                if (sampleRate == 0) {
                    throw new IOException("WAV data before its format: " + file);
                }
                int length = Math.min(size < 0 ? Integer.MAX_VALUE : size, bytes.limit() - body);
                int frames = length / (2 * channels);
                short[] samples = new short[frames];
                for (int frame = 0; frame < frames; frame++) {
                    int sum = 0;
                    for (int channel = 0; channel < channels; channel++) {
                        sum += bytes.getShort(body + 2 * (frame * channels + channel));
                    }
                    samples[frame] = (short) (sum / channels);
                }
                return new Content(sampleRate, samples);
            }
            position = body + size + (size & 1);
        }
        throw new IOException("No audio data in WAV file: " + file);
    }
}
