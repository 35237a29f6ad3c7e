package org.parley.media.internal.jmf;

import javax.media.Format;
import javax.media.format.AudioFormat;

/** The one raw audio format Parley's sources produce and its sinks take: 16-bit signed LE mono. */
public final class Pcm {

    private Pcm() {
    }

    /** Linear 16-bit signed little-endian mono PCM at {@code sampleRate} (or any rate if not specified). */
    public static AudioFormat format(double sampleRate) {
        return new AudioFormat(AudioFormat.LINEAR, sampleRate, 16, 1, AudioFormat.LITTLE_ENDIAN,
                AudioFormat.SIGNED, Format.NOT_SPECIFIED, Format.NOT_SPECIFIED, Format.byteArray);
    }
}
