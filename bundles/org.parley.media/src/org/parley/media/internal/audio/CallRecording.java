package org.parley.media.internal.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.parley.core.media.MediaException;

/**
 * The recording switch of one session. The audio taps on both directions ({@link #sent},
 * {@link #received}) are always in place; they write into the running recording, if there is one.
 * Taps are called on media threads, the switch from any thread.
 */
public final class CallRecording implements AutoCloseable {

    private volatile Running running;
    private volatile boolean sentMuted;

    private record Running(Path file, MixingRecorder recorder) {
    }

    /**
     * Starts recording to {@code wav}.
     *
     * @throws IllegalStateException if a recording runs already
     * @throws MediaException        if the file cannot be written
     */
    public synchronized void start(Path wav) {
        if (running != null) {
            throw new IllegalStateException("The call is being recorded to " + running.file() + " already");
        }
        try {
            running = new Running(wav, new MixingRecorder(wav));
        } catch (IOException e) {
            throw new MediaException("Cannot record to " + wav + ": " + e.getMessage(), e);
        }
    }

    /** Completes the running recording, if there is one. */
    public synchronized void stop() {
        Running stopping = running;
        running = null;
        if (stopping != null) {
            stopping.recorder().close();
        }
    }

    /** The file being recorded to, while a recording runs. */
    public Optional<Path> file() {
        Running current = running;
        return current == null ? Optional.empty() : Optional.of(current.file());
    }

    /** Whether what this session sends is replaced by silence (muted): the recording then holds silence too. */
    public void setSentMuted(boolean muted) {
        this.sentMuted = muted;
    }

    /** Taps the audio this session sends. */
    public void sent(short[] samples, int offset, int length, int sampleRate) {
        Running current = running;
        if (current == null) {
            return;
        }
        current.recorder().sent(sentMuted ? new short[length] : samples, sentMuted ? 0 : offset, length, sampleRate);
    }

    /** Taps the audio this session receives (16-bit signed little-endian mono PCM). */
    public void received(byte[] data, int offset, int length, int sampleRate) {
        Running current = running;
        if (current != null) {
            current.recorder().received(data, offset, length, sampleRate);
        }
    }

    /** Completes the running recording, if there is one. */
    @Override
    public void close() {
        stop();
    }
}
