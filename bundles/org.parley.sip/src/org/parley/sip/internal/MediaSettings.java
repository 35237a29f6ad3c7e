package org.parley.sip.internal;

import java.nio.file.Path;
import java.util.Locale;

import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;

/**
 * Reads the audio source and sink settings of an account: {@code device}, {@code silence},
 * {@code tone:<Hz>} or {@code wav:<file>} for the source; {@code device}, {@code discard} or
 * {@code wav:<file>} for the sink.
 */
final class MediaSettings {

    private MediaSettings() {
    }

    static AudioSource source(String setting) {
        String value = setting.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("device")) {
            return new AudioSource.CaptureDevice();
        }
        if (lower.equals("silence")) {
            return new AudioSource.Silence();
        }
        if (lower.startsWith("tone:")) {
            try {
                return new AudioSource.Tone(Double.parseDouble(value.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("A tone source is tone:<Hz>, e.g. tone:440, not " + value);
            }
        }
        if (lower.startsWith("wav:")) {
            return new AudioSource.WavFile(Path.of(value.substring(4)));
        }
        throw new IllegalArgumentException("The audio source is device, silence, tone:<Hz> or wav:<file>, not " + value);
    }

    static AudioSink sink(String setting) {
        String value = setting.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("device")) {
            return new AudioSink.PlaybackDevice();
        }
        if (lower.equals("discard")) {
            return new AudioSink.Discard();
        }
        if (lower.startsWith("wav:")) {
            return new AudioSink.WavFile(Path.of(value.substring(4)));
        }
        throw new IllegalArgumentException("The audio sink is device, discard or wav:<file>, not " + value);
    }
}
