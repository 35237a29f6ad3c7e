package org.parley.media.libjitsi.natives;

import java.util.Arrays;

import org.jitsi.impl.neomedia.codec.audio.opus.Opus;

/**
 * Encodes 16-bit little-endian mono PCM, one frame at a time, with libjitsi's Opus binding (its
 * JNI library, loaded by {@link LibJitsiNatives#loadOpus()}): for recordings in Ogg Opus files.
 * Not for calls, whose Opus goes through libjitsi's own codec chain.
 */
public final class OpusFrames implements AutoCloseable {

    private long encoder;

    /**
     * @param sampleRate 8000, 12000, 16000, 24000 or 48000
     * @param bitrate    in bit/s
     * @throws IllegalStateException if libjitsi's Opus library is not loaded or refuses the rate
     */
    public OpusFrames(int sampleRate, int bitrate) {
        try {
            encoder = Opus.encoder_create(sampleRate, 1);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libjitsi's Opus library is not loaded: " + e.getMessage(), e);
        }
        if (encoder == 0) {
            throw new IllegalStateException("Opus cannot encode audio at " + sampleRate + " Hz");
        }
        Opus.encoder_set_bitrate(encoder, bitrate);
    }

    /**
     * Encodes one frame of {@code samples} samples (2.5, 5, 10, 20, 40 or 60 ms) from
     * {@code pcm[offset..]}.
     *
     * @return the Opus packet
     * @throws IllegalStateException if the encoder fails or is closed
     */
    public synchronized byte[] encode(byte[] pcm, int offset, int samples) {
        if (encoder == 0) {
            throw new IllegalStateException("The Opus encoder is closed");
        }
        byte[] packet = new byte[Opus.MAX_PACKET];
        int length = Opus.encode(encoder, pcm, offset, samples, packet, 0, packet.length);
        if (length < 0) {
            throw new IllegalStateException("Opus could not encode a frame of " + samples + " samples: error " + length);
        }
        return Arrays.copyOf(packet, length);
    }

    @Override
    public synchronized void close() {
        if (encoder != 0) {
            Opus.encoder_destroy(encoder);
            encoder = 0;
        }
    }
}
