package org.parley.media.internal.jmf;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.Renderer;
import javax.media.format.AudioFormat;

import org.parley.media.internal.audio.AudioTaps;

/**
 * A renderer in front of another that also hands each buffer it renders to the session's
 * {@link AudioTaps} (recording, conference): what the user hears. Only 16-bit mono PCM is tapped
 * (what Parley's sinks take and libjitsi's decoders give); other formats pass untapped.
 */
final class TappedRenderer implements Renderer {

    private final Renderer renderer;
    private final AudioTaps taps;
    private volatile int sampleRate;

    TappedRenderer(Renderer renderer, AudioTaps taps) {
        this.renderer = renderer;
        this.taps = taps;
    }

    @Override
    public Format[] getSupportedInputFormats() {
        return renderer.getSupportedInputFormats();
    }

    @Override
    public Format setInputFormat(Format format) {
        Format set = renderer.setInputFormat(format);
        sampleRate = set instanceof AudioFormat audio && Pcm.format(Format.NOT_SPECIFIED).matches(audio)
                ? (int) audio.getSampleRate()
                : 0;
        return set;
    }

    @Override
    public int process(Buffer buffer) {
        byte[] copy = recordable(buffer);
        int result = renderer.process(buffer);
        if (copy != null && (result & INPUT_BUFFER_NOT_CONSUMED) == 0) {
            int rate = buffer.getFormat() instanceof AudioFormat audio && audio.getSampleRate() > 0
                    ? (int) audio.getSampleRate()
                    : sampleRate;
            taps.received(copy, 0, copy.length, rate);
        }
        return result;
    }

    /** A copy of the buffer's audio if a tap wants it and it can be tapped (the renderer may consume it). */
    private byte[] recordable(Buffer buffer) {
        if (!taps.wantsReceived() || sampleRate <= 0 || buffer.isDiscard() || buffer.isEOM()
                || !(buffer.getData() instanceof byte[] data) || buffer.getLength() <= 0) {
            return null;
        }
        byte[] copy = new byte[buffer.getLength()];
        System.arraycopy(data, buffer.getOffset(), copy, 0, copy.length);
        return copy;
    }

    @Override
    public void start() {
        renderer.start();
    }

    @Override
    public void stop() {
        renderer.stop();
    }

    @Override
    public String getName() {
        return renderer.getName() + " (tapped)";
    }

    @Override
    public void open() throws javax.media.ResourceUnavailableException {
        renderer.open();
    }

    @Override
    public void close() {
        renderer.close();
    }

    @Override
    public void reset() {
        renderer.reset();
    }

    @Override
    public Object[] getControls() {
        return renderer.getControls();
    }

    @Override
    public Object getControl(String controlType) {
        return renderer.getControl(controlType);
    }
}
