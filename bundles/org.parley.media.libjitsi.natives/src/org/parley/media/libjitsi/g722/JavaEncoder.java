package org.parley.media.libjitsi.g722;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.format.AudioFormat;

import org.jitsi.impl.neomedia.codec.AbstractCodec2;
import org.jitsi.service.neomedia.codec.Constants;

/**
 * libjitsi's G.722 encoder in Java: 16 kHz linear PCM in, G.722 RTP payload out (one byte per two
 * samples; an RTP clock of 8000 Hz, RFC 3551). Registered by
 * {@link org.parley.media.libjitsi.natives.LibJitsiCodecs}.
 */
public final class JavaEncoder extends AbstractCodec2 {

    static final Format RTP = new AudioFormat(Constants.G722_RTP, 8000, Format.NOT_SPECIFIED, 1);
    static final Format PCM = new AudioFormat(AudioFormat.LINEAR, 16000, 16, 1, AudioFormat.LITTLE_ENDIAN,
            AudioFormat.SIGNED, Format.NOT_SPECIFIED, Format.NOT_SPECIFIED, Format.byteArray);

    private G722Encoder encoder;

    /** Made by FMJ by name. */
    public JavaEncoder() {
        super("G.722 Java Encoder", AudioFormat.class, new Format[] { RTP });
        inputFormats = new Format[] { PCM };
    }

    @Override
    protected void doOpen() {
        encoder = new G722Encoder();
    }

    @Override
    protected void doClose() {
        encoder = null;
    }

    @Override
    protected int doProcess(Buffer in, Buffer out) {
        int samples = in.getLength() / 2 & ~1;
        int length = samples / 2;
        byte[] output = validateByteArraySize(out, out.getOffset() + length, true);
        encoder.encode((byte[]) in.getData(), in.getOffset(), samples, output, out.getOffset());
        out.setDuration(length * 1_000_000_000L / 8000);
        out.setFormat(getOutputFormat());
        out.setLength(length);
        return BUFFER_PROCESSED_OK;
    }

    /** The output format, telling FMJ (which times RTP by it) that a byte of G.722 lasts 1/8000 s. */
    @Override
    public Format getOutputFormat() {
        Format format = super.getOutputFormat();
        if (format != null && format.getClass() == AudioFormat.class) {
            AudioFormat audio = (AudioFormat) format;
            format = setOutputFormat(new AudioFormat(audio.getEncoding(), audio.getSampleRate(),
                    audio.getSampleSizeInBits(), audio.getChannels(), audio.getEndian(), audio.getSigned(),
                    audio.getFrameSizeInBits(), audio.getFrameRate(), audio.getDataType()) {
                private static final long serialVersionUID = 1L;

                @Override
                public long computeDuration(long length) {
                    return length * 1_000_000_000L / 8000;
                }
            });
        }
        return format;
    }
}
