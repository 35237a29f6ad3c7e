package org.parley.media.internal;

import java.io.IOException;
import java.util.function.Supplier;

import javax.media.CaptureDeviceInfo;
import javax.media.Renderer;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.ParleySoundSystems;
import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;
import org.parley.media.internal.audio.AudioTaps;
import org.parley.media.internal.audio.DiscardSink;
import org.parley.media.internal.audio.SampleGenerator;
import org.parley.media.internal.audio.SampleSink;
import org.parley.media.internal.audio.Silence;
import org.parley.media.internal.audio.ToneGenerator;
import org.parley.media.internal.audio.WavFilePlayer;
import org.parley.media.internal.audio.WavFileSink;
import org.parley.media.internal.audio.WavReader;
import org.parley.media.internal.jmf.SessionAudioDevice;

/**
 * A session's audio source and sink, checked and opened when the session opens, and the libjitsi
 * device that joins them for a given codec.
 */
final class SessionDevices implements AutoCloseable {

    private static final String NO_SOUND_SYSTEM = "no sound system (PulseAudio or PipeWire's PulseAudio server) was found";

    private final AudioSource source;
    private final WavReader.Content sourceFile;
    private final CaptureDeviceInfo captureDevice;
    private final SampleSink sink;
    private final Supplier<Renderer> playback;

    private SessionDevices(AudioSource source, WavReader.Content sourceFile, CaptureDeviceInfo captureDevice,
            SampleSink sink, Supplier<Renderer> playback) {
        this.source = source;
        this.sourceFile = sourceFile;
        this.captureDevice = captureDevice;
        this.sink = sink;
        this.playback = playback;
    }

    /**
     * Checks the options' devices and files and opens the sink.
     *
     * @param sound the sound system and devices to use for {@code device} source and sink
     * @throws MediaException if a device is missing or a file cannot be read or written
     */
    static SessionDevices open(MediaSessionOptions options, SoundChoice sound) {
        AudioSource source = options.source();
        WavReader.Content sourceFile = null;
        CaptureDeviceInfo captureDevice = null;
        if (source instanceof AudioSource.WavFile file) {
            try {
                sourceFile = WavReader.read(file.file());
            } catch (IOException e) {
                throw new MediaException("Cannot play " + file.file() + ": " + e.getMessage(), e);
            }
        } else if (source instanceof AudioSource.CaptureDevice) {
            captureDevice = sound.capture().orElseThrow(() -> new MediaException("No audio capture device: "
                    + (sound.system().isEmpty() ? NO_SOUND_SYSTEM : "the sound system has no microphone")
                    + ". Use a tone, a WAV file or silence as the source."));
        }
        Supplier<Renderer> playback = null;
        SampleSink sink = null;
        AudioSink requested = options.sink();
        if (requested instanceof AudioSink.PlaybackDevice) {
            playback = playback(sound);
        } else if (requested instanceof AudioSink.WavFile file) {
            try {
                sink = new WavFileSink(file.file());
            } catch (IOException e) {
                throw new MediaException("Cannot write " + file.file() + ": " + e.getMessage(), e);
            }
        } else {
            sink = new DiscardSink();
        }
        return new SessionDevices(source, sourceFile, captureDevice, sink, playback);
    }

    /** A new libjitsi device for a stream that sends {@code format}, its audio passing {@code taps}. */
    SessionAudioDevice device(RtpFormat format, AudioTaps taps) {
        Supplier<Renderer> renderers = sink != null ? SessionAudioDevice.into(sink) : playback;
        if (captureDevice != null) {
            return SessionAudioDevice.captured(captureDevice, renderers, taps);
        }
        int rate = Formats.sourceRate(format);
        return SessionAudioDevice.generated(() -> generator(rate), rate, renderers, taps);
    }

    private SampleGenerator generator(int rate) {
        if (source instanceof AudioSource.Tone tone) {
            return new ToneGenerator(tone.frequencyHz(), rate);
        }
        if (sourceFile != null) {
            return new WavFilePlayer(sourceFile, rate);
        }
        return new Silence();
    }

    private static Supplier<Renderer> playback(SoundChoice sound) {
        AudioSystem system = sound.system().orElseThrow(() -> new MediaException(
                "No audio playback device: " + NO_SOUND_SYSTEM + ". Use a WAV file or discard as the sink."));
        if (sound.playback().isEmpty() && system.getSelectedDevice(AudioSystem.DataFlow.PLAYBACK) == null) {
            throw new MediaException("No audio playback device: the sound system " + system.getLocatorProtocol()
                    + " has no speaker. Use a WAV file or discard as the sink.");
        }
        return sound.playback().<Supplier<Renderer>>map(device -> () -> ParleySoundSystems.playbackRenderer(system, device))
                .orElse(() -> system.createRenderer(true));
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }
}
