package org.parley.media.internal;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.media.Buffer;
import javax.media.MediaLocator;
import javax.media.Renderer;
import javax.media.ResourceUnavailableException;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.ParleySoundSystems;
import org.parley.media.internal.audio.RingCadence;
import org.parley.media.internal.jmf.Pcm;

/** The ring cadence played on a device through a libjitsi renderer, 20 ms at a time, until closed. */
final class RingingSound implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RingingSound.class.getName());
    private static final int RATE = 48_000;
    private static final int FRAME_MS = 20;
    private static final int FRAME_SAMPLES = RATE * FRAME_MS / 1000;

    private final Renderer renderer;
    private final RingCadence cadence = new RingCadence(RATE);
    private final short[] samples = new short[FRAME_SAMPLES];
    private final ScheduledFuture<?> frames;

    private RingingSound(Renderer renderer, ScheduledExecutorService thread) {
        this.renderer = renderer;
        this.frames = thread.scheduleAtFixedRate(this::writeFrame, 0, FRAME_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a renderer of {@code system} on {@code device} (the system's notification device when
     * empty) and starts ringing, writing from {@code thread}.
     */
    static RingingSound start(AudioSystem system, Optional<MediaLocator> device, ScheduledExecutorService thread) {
        Renderer renderer = ParleySoundSystems.notificationRenderer(system, device.orElse(null));
        renderer.setInputFormat(Pcm.format(RATE));
        try {
            renderer.open();
        } catch (ResourceUnavailableException e) {
            throw new IllegalStateException("the ringer device cannot be opened: " + e.getMessage(), e);
        }
        renderer.start();
        return new RingingSound(renderer, thread);
    }

    private void writeFrame() {
        cadence.fill(samples, 0, samples.length);
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        Buffer buffer = new Buffer();
        buffer.setData(bytes);
        buffer.setOffset(0);
        buffer.setLength(bytes.length);
        buffer.setFormat(Pcm.format(RATE));
        // the stream takes what fits; the rest of a frame is dropped rather than delaying the next
        if ((renderer.process(buffer) & Renderer.BUFFER_PROCESSED_FAILED) != 0) {
            LOG.fine("The ringer device refused a frame");
        }
    }

    @Override
    public void close() {
        frames.cancel(false);
        renderer.stop();
        renderer.close();
    }
}
