package org.parley.media.internal.jmf;

import java.util.function.Supplier;

import javax.media.CaptureDeviceInfo;
import javax.media.Time;
import javax.media.control.FormatControl;
import javax.media.format.AudioFormat;
import javax.media.protocol.CaptureDevice;
import javax.media.protocol.ContentDescriptor;
import javax.media.protocol.PushBufferDataSource;
import javax.media.protocol.PushBufferStream;

import org.parley.media.internal.audio.AudioTaps;
import org.parley.media.internal.audio.SampleGenerator;

/** An FMJ capture device whose one audio stream is a {@link SampleGenerator}, paced in real time. */
final class GeneratedCaptureDevice extends PushBufferDataSource implements CaptureDevice {

    private final CaptureDeviceInfo info;
    private final FixedFormatControl formatControl;
    private final GeneratedStream stream;

    GeneratedCaptureDevice(CaptureDeviceInfo info, AudioFormat format, Supplier<SampleGenerator> generators,
            AudioTaps taps) {
        setLocator(info.getLocator());
        this.info = info;
        this.formatControl = new FixedFormatControl(format);
        this.stream = new GeneratedStream(format, generators, taps);
    }

    @Override
    public PushBufferStream[] getStreams() {
        return new PushBufferStream[] { stream };
    }

    @Override
    public void connect() {
        // nothing to open
    }

    @Override
    public void disconnect() {
        stream.stop();
    }

    @Override
    public String getContentType() {
        return ContentDescriptor.RAW;
    }

    @Override
    public void start() {
        stream.start();
    }

    @Override
    public void stop() {
        stream.stop();
    }

    @Override
    public CaptureDeviceInfo getCaptureDeviceInfo() {
        return info;
    }

    @Override
    public FormatControl[] getFormatControls() {
        return new FormatControl[] { formatControl };
    }

    @Override
    public Object[] getControls() {
        return new Object[] { formatControl };
    }

    @Override
    public Object getControl(String controlType) {
        return FormatControl.class.getName().equals(controlType) ? formatControl : null;
    }

    @Override
    public Time getDuration() {
        return DURATION_UNKNOWN;
    }
}
