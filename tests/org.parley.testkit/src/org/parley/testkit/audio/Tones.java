package org.parley.testkit.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the WAV files the engine writes and measures tone energy with the Goertzel algorithm. */
public final class Tones {

    /** A mono 16-bit WAV file's rate and samples (scaled to -1..1). */
    public record Wav(int sampleRate, double[] samples) {

        /** How long the file plays. */
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    private static final double BLOCK_SECONDS = 0.1;

    private Tones() {
    }

    /** Reads a 16-bit mono PCM WAV file with the canonical 44-byte header the engine writes. */
    public static Wav read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.getInt(0) != 0x46464952 || bytes.getInt(8) != 0x45564157 || bytes.getInt(12) != 0x20746d66) {
            throw new IOException("not a canonical WAV file: " + file);
        }
        if (bytes.getShort(20) != 1 || bytes.getShort(22) != 1 || bytes.getShort(34) != 16) {
            throw new IOException("not 16-bit mono PCM: " + file);
        }
        int rate = bytes.getInt(24);
        int dataLength = bytes.getInt(40);
        if (bytes.getInt(36) != 0x61746164 || dataLength != bytes.limit() - 44) {
            throw new IOException("data chunk length " + dataLength + " does not match the file: " + file);
        }
        double[] samples = new double[dataLength / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = bytes.getShort(44 + 2 * i) / 32768.0;
        }
        return new Wav(rate, samples);
    }

    /** Writes a 16-bit mono PCM WAV file holding a sine tone at half of full scale. */
    public static void writeTone(Path file, int sampleRate, double frequency, double seconds) throws IOException {
        int samples = (int) (sampleRate * seconds);
        ByteBuffer bytes = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0x46464952).putInt(36 + 2 * samples).putInt(0x45564157);
        bytes.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1);
        bytes.putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        bytes.putInt(0x61746164).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            bytes.putShort((short) Math.round(16384 * Math.sin(2 * Math.PI * frequency * i / sampleRate)));
        }
        Files.write(file, bytes.array());
    }

    /** The power of {@code frequency} in {@code samples[from..]} (Goertzel). */
    public static double power(Wav wav, int from, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / wav.sampleRate());
        double previous = 0;
        double beforePrevious = 0;
        for (int i = from; i < wav.samples().length; i++) {
            double current = wav.samples()[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / Math.pow(wav.samples().length - from, 2);
    }

    /**
     * The power of {@code frequency} in {@code samples[from..]}, averaged over blocks of
     * {@code blockSeconds}: what a listener hears even where the tone's phase jumps, as it does when
     * a receiver without packet-loss concealment plays the packets it got back to back (one long
     * Goertzel sum would add the pieces out of phase and miss the tone).
     */
    public static double meanPower(Wav wav, int from, double frequency, double blockSeconds) {
        int block = Math.max(1, (int) Math.round(blockSeconds * wav.sampleRate()));
        double sum = 0;
        int blocks = 0;
        for (int start = from; start + block <= wav.samples().length; start += block) {
            double[] piece = java.util.Arrays.copyOfRange(wav.samples(), start, start + block);
            sum += power(new Wav(wav.sampleRate(), piece), 0, frequency);
            blocks++;
        }
        return blocks == 0 ? 0 : sum / blocks;
    }

    /**
     * How clearly {@code frequency} dominates a recording: its power divided by the strongest of
     * a few nearby and unrelated frequencies, skipping the first 200 ms (codec start-up).
     *
     * @return the ratio; above 20 means the tone is clearly there
     */
    public static double dominance(Wav wav, double frequency) {
        int skip = wav.sampleRate() / 5;
        double tone = power(wav, skip, frequency);
        double strongestOther = 1e-12;
        for (double other : new double[] { frequency * 0.5, frequency * 0.8, frequency * 1.25, frequency * 1.5 }) {
            strongestOther = Math.max(strongestOther, power(wav, skip, other));
        }
        return tone / strongestOther;
    }

    /**
     * Fails unless {@code file} holds more than a second of audio in which {@code frequency} is
     * there and clearly (20 times) exceeds nearby frequencies and {@code otherTone}, measured in
     * 100 ms blocks after the first 200 ms (codec start-up): without concealment (G.711) a lost packet
     * makes the tone's phase jump.
     */
    public static void assertDominant(Path file, double frequency, double otherTone) throws IOException {
        Wav wav = read(file);
        if (wav.seconds() <= 1.0) {
            throw new AssertionError(file.getFileName() + " holds only " + wav.seconds() + " s of audio");
        }
        int skip = wav.sampleRate() / 5;
        double tone = meanPower(wav, skip, frequency, BLOCK_SECONDS);
        if (tone <= 1e-3) {
            throw new AssertionError(file.getFileName() + ": the " + frequency + " Hz tone is missing, power " + tone);
        }
        for (double other : new double[] { frequency * 0.5, frequency * 0.8, frequency * 1.25, frequency * 1.5,
                otherTone }) {
            double power = meanPower(wav, skip, other, BLOCK_SECONDS);
            if (tone <= 20 * power) {
                throw new AssertionError(file.getFileName() + ": " + frequency + " Hz (" + tone
                        + ") does not clearly exceed " + other + " Hz (" + power + ")");
            }
        }
    }
}
