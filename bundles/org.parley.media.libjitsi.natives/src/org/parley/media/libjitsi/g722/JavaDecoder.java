package org.parley.media.libjitsi.g722;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.format.AudioFormat;

import org.jitsi.impl.neomedia.codec.AbstractCodec2;

/**
 * libjitsi's G.722 decoder in Java: G.722 RTP payload in, 16 kHz linear PCM out. Registered by
 * {@link org.parley.media.libjitsi.natives.LibJitsiCodecs}.
 */
public final class JavaDecoder extends AbstractCodec2 {

    private G722Decoder decoder;

    /** Made by FMJ by name. */
    public JavaDecoder() {
        super("G.722 Java Decoder", AudioFormat.class, new Format[] { JavaEncoder.PCM });
        inputFormats = new Format[] { JavaEncoder.RTP };
    }

    @Override
    protected void doOpen() {
        decoder = new G722Decoder();
    }

    @Override
    protected void doClose() {
        decoder = null;
    }

    @Override
    protected int doProcess(Buffer in, Buffer out) {
        int length = in.getLength() * 4;
        byte[] output = validateByteArraySize(out, out.getOffset() + length, true);
        decoder.decode((byte[]) in.getData(), in.getOffset(), in.getLength(), output, out.getOffset());
        out.setDuration(length * 1_000_000_000L / (16000 * 2));
        out.setFormat(getOutputFormat());
        out.setLength(length);
        return BUFFER_PROCESSED_OK;
    }
}
