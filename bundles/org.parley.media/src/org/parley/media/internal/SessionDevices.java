package org.parley.media.internal;

import java.io.IOException;
import java.util.function.Supplier;

import javax.media.CaptureDeviceInfo;
import javax.media.Renderer;

import org.jitsi.impl.neomedia.MediaServiceImpl;
import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.DeviceConfiguration;
import org.jitsi.service.neomedia.MediaService;
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

    private final AudioSource source;
    private final WavReader.Content sourceFile;
    private final CaptureDeviceInfo captureDevice;
    private final SampleSink sink;
    private final AudioSystem playbackSystem;

    private SessionDevices(AudioSource source, WavReader.Content sourceFile, CaptureDeviceInfo captureDevice,
            SampleSink sink, AudioSystem playbackSystem) {
        this.source = source;
        this.sourceFile = sourceFile;
        this.captureDevice = captureDevice;
        this.sink = sink;
        this.playbackSystem = playbackSystem;
    }

    /**
     * Checks the options' devices and files and opens the sink.
     *
     * @throws MediaException if a device is missing or a file cannot be read or written
     */
    static SessionDevices open(MediaService mediaService, MediaSessionOptions options) {
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
            captureDevice = captureDevice(mediaService);
        }
        AudioSystem playbackSystem = null;
        SampleSink sink = null;
        AudioSink requested = options.sink();
        if (requested instanceof AudioSink.PlaybackDevice) {
            playbackSystem = playbackSystem(mediaService);
        } else if (requested instanceof AudioSink.WavFile file) {
            try {
                sink = new WavFileSink(file.file());
            } catch (IOException e) {
                throw new MediaException("Cannot write " + file.file() + ": " + e.getMessage(), e);
            }
        } else {
            sink = new DiscardSink();
        }
        return new SessionDevices(source, sourceFile, captureDevice, sink, playbackSystem);
    }

    /** A new libjitsi device for a stream that sends {@code format}, its audio passing {@code taps}. */
    SessionAudioDevice device(RtpFormat format, AudioTaps taps) {
        Supplier<Renderer> renderers = sink != null ? SessionAudioDevice.into(sink)
                : () -> playbackSystem.createRenderer(true);
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

    private static DeviceConfiguration deviceConfiguration(MediaService mediaService) {
        if (mediaService instanceof MediaServiceImpl impl) {
            return impl.getDeviceConfiguration();
        }
        throw new MediaException("libjitsi's media service gives no access to its devices");
    }

    private static CaptureDeviceInfo captureDevice(MediaService mediaService) {
        DeviceConfiguration configuration = deviceConfiguration(mediaService);
        AudioSystem system = configuration.getAudioSystem();
        CaptureDeviceInfo device = configuration.getAudioCaptureDevice();
        if (system == null || device == null || isSilence(system)) {
            throw new MediaException("No audio capture device: libjitsi found no sound system with a microphone"
                    + " (audio system: " + name(system) + "). Use a tone, a WAV file or silence as the source.");
        }
        return device;
    }

    private static AudioSystem playbackSystem(MediaService mediaService) {
        AudioSystem system = deviceConfiguration(mediaService).getAudioSystem();
        if (system == null || isSilence(system) || system.getSelectedDevice(AudioSystem.DataFlow.PLAYBACK) == null) {
            throw new MediaException("No audio playback device: libjitsi found no sound system with a speaker"
                    + " (audio system: " + name(system) + "). Use a WAV file or discard as the sink.");
        }
        return system;
    }

    private static boolean isSilence(AudioSystem system) {
        return AudioSystem.LOCATOR_PROTOCOL_AUDIOSILENCE.equalsIgnoreCase(system.getLocatorProtocol());
    }

    private static String name(AudioSystem system) {
        return system == null ? "none" : system.getLocatorProtocol();
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }
}
