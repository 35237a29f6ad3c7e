package org.parley.media.internal.jmf;

import java.io.IOException;

import javax.media.Buffer;
import javax.media.CaptureDeviceInfo;
import javax.media.Format;
import javax.media.Time;
import javax.media.control.FormatControl;
import javax.media.format.AudioFormat;
import javax.media.protocol.CaptureDevice;
import javax.media.protocol.ContentDescriptor;
import javax.media.protocol.PullBufferDataSource;
import javax.media.protocol.PullBufferStream;

import org.parley.media.internal.audio.AudioTaps;

/**
 * A microphone of libjitsi's sound system whose audio passes the session's {@link AudioTaps}
 * (conference mixing, recording) before it is encoded, as generated audio does. Only 16-bit signed
 * little-endian mono PCM is tapped, which is what libjitsi reads from PulseAudio for a call; other
 * formats pass untouched.
 */
final class TappedCaptureDevice extends PullBufferDataSource implements CaptureDevice {

    private final PullBufferDataSource device;
    private final CaptureDevice capture;
    private final AudioTaps taps;
    private PullBufferStream[] wrapped = {};
    private PullBufferStream[] inner = {};

    /** @param device a capture device of libjitsi's that is pulled from (PulseAudio's and PortAudio's are) */
    TappedCaptureDevice(CaptureDevice device, AudioTaps taps) {
        this.device = (PullBufferDataSource) device;
        this.capture = device;
        this.taps = taps;
    }

    @Override
    public CaptureDeviceInfo getCaptureDeviceInfo() {
        return capture.getCaptureDeviceInfo();
    }

    @Override
    public FormatControl[] getFormatControls() {
        return capture.getFormatControls();
    }

    @Override
    public void connect() throws IOException {
        device.connect();
    }

    @Override
    public void disconnect() {
        device.disconnect();
    }

    @Override
    public void start() throws IOException {
        device.start();
    }

    @Override
    public void stop() throws IOException {
        device.stop();
    }

    @Override
    public String getContentType() {
        return device.getContentType();
    }

    @Override
    public Object getControl(String controlType) {
        return device.getControl(controlType);
    }

    @Override
    public Object[] getControls() {
        return device.getControls();
    }

    @Override
    public Time getDuration() {
        return device.getDuration();
    }

    @Override
    public synchronized PullBufferStream[] getStreams() {
        PullBufferStream[] streams = device.getStreams();
        if (streams != inner) {
            inner = streams;
            wrapped = new PullBufferStream[streams.length];
            for (int i = 0; i < streams.length; i++) {
                wrapped[i] = new TappedStream(streams[i]);
            }
        }
        return wrapped;
    }

    private final class TappedStream implements PullBufferStream {

        private final PullBufferStream stream;

        TappedStream(PullBufferStream stream) {
            this.stream = stream;
        }

        @Override
        public void read(Buffer buffer) throws IOException {
            stream.read(buffer);
            Format format = buffer.getFormat() != null ? buffer.getFormat() : stream.getFormat();
            if (buffer.isDiscard() || buffer.getLength() < 2 || !(buffer.getData() instanceof byte[] data)
                    || !(format instanceof AudioFormat audio) || !isMonoPcm16(audio)) {
                return;
            }
            int offset = buffer.getOffset();
            short[] samples = new short[buffer.getLength() / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((data[offset + 2 * i] & 0xff) | (data[offset + 2 * i + 1] << 8));
            }
            taps.sending(samples, 0, samples.length, (int) audio.getSampleRate());
            for (int i = 0; i < samples.length; i++) {
                data[offset + 2 * i] = (byte) samples[i];
                data[offset + 2 * i + 1] = (byte) (samples[i] >> 8);
            }
        }

        private static boolean isMonoPcm16(AudioFormat audio) {
            return AudioFormat.LINEAR.equals(audio.getEncoding()) && audio.getSampleSizeInBits() == 16
                    && audio.getChannels() == 1 && audio.getEndian() != AudioFormat.BIG_ENDIAN
                    && audio.getSigned() != AudioFormat.UNSIGNED && audio.getSampleRate() > 0;
        }

        @Override
        public boolean willReadBlock() {
            return stream.willReadBlock();
        }

        @Override
        public Format getFormat() {
            return stream.getFormat();
        }

        @Override
        public ContentDescriptor getContentDescriptor() {
            return stream.getContentDescriptor();
        }

        @Override
        public long getContentLength() {
            return stream.getContentLength();
        }

        @Override
        public boolean endOfStream() {
            return stream.endOfStream();
        }

        @Override
        public Object[] getControls() {
            return stream.getControls();
        }

        @Override
        public Object getControl(String controlType) {
            return stream.getControl(controlType);
        }
    }
}
