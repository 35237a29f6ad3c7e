package org.parley.media.internal.jmf;

import java.util.function.Supplier;

import javax.media.CaptureDeviceInfo;
import javax.media.MediaLocator;
import javax.media.Renderer;
import javax.media.format.AudioFormat;
import javax.media.protocol.CaptureDevice;
import javax.media.protocol.PullBufferDataSource;

import org.jitsi.impl.neomedia.device.AudioMediaDeviceImpl;
import org.jitsi.impl.neomedia.device.MediaDeviceSession;
import org.parley.media.internal.audio.AudioTaps;
import org.parley.media.internal.audio.SampleGenerator;
import org.parley.media.internal.audio.SampleSink;

/**
 * The libjitsi audio device of one session: captures from a {@link SampleGenerator} or from a
 * device of libjitsi's audio system, and renders into a {@link SampleSink} or through a renderer of
 * libjitsi's audio system. libjitsi builds the codec chains (encoder, packetizer, depacketizer,
 * decoder) around it. Both directions pass the session's {@link AudioTaps} (conference, recording): the
 * received audio at the renderer, the sent audio at the generator or the microphone.
 */
public final class SessionAudioDevice extends AudioMediaDeviceImpl {

    private static final String LOCATOR_PROTOCOL = "parley";

    private final Supplier<SampleGenerator> generators;
    private final AudioFormat generatedFormat;
    private final Supplier<Renderer> renderers;
    private final AudioTaps taps;

    private SessionAudioDevice(CaptureDeviceInfo info, Supplier<SampleGenerator> generators,
            AudioFormat generatedFormat, Supplier<Renderer> renderers, AudioTaps taps) {
        super(info);
        this.generators = generators;
        this.generatedFormat = generatedFormat;
        this.renderers = renderers;
        this.taps = taps;
    }

    /**
     * A device that sends generated audio.
     *
     * @param generators makes the generator when the stream starts capturing
     * @param sampleRate the rate to generate at (the codec's input rate, so that no resampling is needed)
     * @param renderers  makes the renderer for received audio
     * @param taps       the session's audio taps
     */
    public static SessionAudioDevice generated(Supplier<SampleGenerator> generators, int sampleRate,
            Supplier<Renderer> renderers, AudioTaps taps) {
        AudioFormat format = Pcm.format(sampleRate);
        CaptureDeviceInfo info = new CaptureDeviceInfo("Parley generated audio",
                new MediaLocator(LOCATOR_PROTOCOL + ":generated"), new javax.media.Format[] { format });
        return new SessionAudioDevice(info, generators, format, renderers, taps);
    }

    /**
     * A device that captures from one of libjitsi's capture devices.
     *
     * @param capture   the capture device (from libjitsi's audio system)
     * @param renderers makes the renderer for received audio
     * @param taps      the session's audio taps
     */
    public static SessionAudioDevice captured(CaptureDeviceInfo capture, Supplier<Renderer> renderers,
            AudioTaps taps) {
        return new SessionAudioDevice(capture, null, null, renderers, taps);
    }

    /** A renderer that writes into {@code sink}. */
    public static Supplier<Renderer> into(SampleSink sink) {
        return () -> new SinkRenderer(sink);
    }

    @Override
    protected synchronized CaptureDevice createCaptureDevice() {
        if (generators == null) {
            CaptureDevice device = super.createCaptureDevice();
            return device instanceof PullBufferDataSource ? new TappedCaptureDevice(device, taps) : device;
        }
        return new GeneratedCaptureDevice(getCaptureDeviceInfo(), generatedFormat, generators, taps);
    }

    @Override
    public MediaDeviceSession createSession() {
        return new FecCountingSession(this);
    }

    @Override
    protected Renderer createRenderer() {
        return new TappedRenderer(renderers.get(), taps);
    }
}
