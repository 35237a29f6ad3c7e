package org.parley.media.internal.jmf;

import java.util.Arrays;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.Renderer;
import javax.media.format.AudioFormat;

import org.parley.media.internal.audio.AudioTaps;

/**
 * A renderer in front of another that also hands the audio it renders to the session's
 * {@link AudioTaps} (recording, conference): what the user hears. 16-bit signed little-endian PCM is
 * tapped, mono as it is and stereo mixed down (a sound device may take stereo); other formats pass
 * untapped. A renderer that takes only part of a buffer (a sound device whose buffer is full) gets
 * the rest again; only what it took is tapped.
 */
final class TappedRenderer implements Renderer {

    private static final AudioFormat STEREO = new AudioFormat(AudioFormat.LINEAR, Format.NOT_SPECIFIED, 16, 2,
            AudioFormat.LITTLE_ENDIAN, AudioFormat.SIGNED, Format.NOT_SPECIFIED, Format.NOT_SPECIFIED, Format.byteArray);

    private final Renderer renderer;
    private final AudioTaps taps;
    /** The rate the renderer's format names; NOT_SPECIFIED when FMJ set it without one. */
    private volatile int sampleRate;
    private volatile int channels;
    /** Whether the renderer's format is 16-bit signed little-endian PCM, mono or stereo. */
    private volatile boolean tappable;
    private volatile Format format;
    private boolean toldUntapped;
    private static final System.Logger LOG = System.getLogger(TappedRenderer.class.getName());

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
        this.format = set;
        // matches(): what the format leaves unspecified is taken as what Parley's sinks take (mono)
        boolean mono = set instanceof AudioFormat audio && Pcm.format(Format.NOT_SPECIFIED).matches(audio);
        boolean stereo = !mono && set instanceof AudioFormat audio && STEREO.matches(audio);
        tappable = mono || stereo;
        sampleRate = tappable ? (int) ((AudioFormat) set).getSampleRate() : Format.NOT_SPECIFIED;
        channels = stereo ? 2 : 1;
        return set;
    }

    @Override
    public int process(Buffer buffer) {
        // the buffer's own format wins over the renderer's: FMJ now and then sets the renderer's format
        // without a rate, or one the buffers do not have (the conference then lost that far end)
        boolean bufferMono = buffer.getFormat() instanceof AudioFormat audio && Pcm.format(Format.NOT_SPECIFIED).matches(audio);
        boolean bufferStereo = !bufferMono && buffer.getFormat() instanceof AudioFormat audio && STEREO.matches(audio);
        int rate = buffer.getFormat() instanceof AudioFormat audio && audio.getSampleRate() > 0
                ? (int) audio.getSampleRate()
                : sampleRate;
        boolean pcm = bufferMono || bufferStereo || tappable;
        int channels = bufferStereo ? 2 : bufferMono ? 1 : this.channels;
        boolean wanted = taps.wantsReceived();
        boolean tap = wanted && pcm && rate > 0 && !buffer.isDiscard() && !buffer.isEOM()
                && buffer.getData() instanceof byte[] && buffer.getLength() > 0;
        if (wanted && !tap && !toldUntapped && buffer.getLength() > 0 && !buffer.isDiscard()) {
            toldUntapped = true;
            LOG.log(System.Logger.Level.WARNING, "received audio not tapped (recording and conference miss it): renderer "
                    + renderer.getName() + " format " + format + ", buffer format " + buffer.getFormat() + ", data "
                    + (buffer.getData() == null ? "none" : buffer.getData().getClass().getSimpleName()));
        }
        byte[] data = tap ? (byte[]) buffer.getData() : null;
        int offset = buffer.getOffset();
        int length = buffer.getLength();
        byte[] copy = tap ? Arrays.copyOfRange(data, offset, offset + length) : null;
        int result = renderer.process(buffer);
        if (copy != null && (result & BUFFER_PROCESSED_FAILED) == 0) {
            int taken = (result & INPUT_BUFFER_NOT_CONSUMED) == 0 ? length : length - buffer.getLength();
            byte[] mono = channels == 2 ? mixDown(copy, taken) : copy;
            int monoLength = channels == 2 ? mono.length : taken;
            if (monoLength > 0) {
                taps.received(mono, 0, monoLength, rate);
            }
        }
        return result;
    }

    /** The first {@code length} bytes of 16-bit stereo as mono, each sample the mean of left and right. */
    private static byte[] mixDown(byte[] stereo, int length) {
        byte[] mono = new byte[length / 4 * 2];
        for (int i = 0, o = 0; o < mono.length; i += 4, o += 2) {
            int left = (short) ((stereo[i] & 0xff) | (stereo[i + 1] << 8));
            int right = (short) ((stereo[i + 2] & 0xff) | (stereo[i + 3] << 8));
            int mean = (left + right) / 2;
            mono[o] = (byte) mean;
            mono[o + 1] = (byte) (mean >> 8);
        }
        return mono;
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
