package org.parley.media.internal.jmf;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.Renderer;
import javax.media.format.AudioFormat;

import org.parley.media.internal.audio.SampleSink;

/** An FMJ renderer that hands decoded 16-bit mono PCM to a {@link SampleSink}. */
final class SinkRenderer implements Renderer {

    private final SampleSink sink;
    private volatile int sampleRate;

    SinkRenderer(SampleSink sink) {
        this.sink = sink;
    }

    @Override
    public Format[] getSupportedInputFormats() {
        return new Format[] { Pcm.format(Format.NOT_SPECIFIED) };
    }

    @Override
    public Format setInputFormat(Format format) {
        if (!(format instanceof AudioFormat audio) || !Pcm.format(Format.NOT_SPECIFIED).matches(audio)
                || audio.getSampleRate() <= 0) {
            return null;
        }
        sampleRate = (int) audio.getSampleRate();
        return format;
    }

    @Override
    public int process(Buffer buffer) {
        if (buffer.isDiscard() || buffer.isEOM() || !(buffer.getData() instanceof byte[] data)) {
            return BUFFER_PROCESSED_OK;
        }
        int rate = sampleRate;
        if (buffer.getFormat() instanceof AudioFormat audio && audio.getSampleRate() > 0) {
            rate = (int) audio.getSampleRate();
        }
        if (rate > 0 && buffer.getLength() > 0) {
            sink.write(data, buffer.getOffset(), buffer.getLength(), rate);
        }
        return BUFFER_PROCESSED_OK;
    }

    @Override
    public void start() {
        // nothing to start: audio is written as it is processed
    }

    @Override
    public void stop() {
        // nothing to stop
    }

    @Override
    public String getName() {
        return "Parley sink renderer";
    }

    @Override
    public void open() {
        // the sink is opened by the session
    }

    @Override
    public void close() {
        // the sink is closed by the session, which outlives its renderers
    }

    @Override
    public void reset() {
        // no state
    }

    @Override
    public Object[] getControls() {
        return new Object[0];
    }

    @Override
    public Object getControl(String controlType) {
        return null;
    }
}
