package org.parley.sip.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.VideoSource;

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

    /** {@code none} or {@code testpattern[:<width>x<height>[@<fps>]]}. */
    static VideoSource videoSource(String setting) {
        String value = setting.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("none")) {
            return new VideoSource.None();
        }
        if (value.equals("testpattern")) {
            return new VideoSource.TestPattern();
        }
        Matcher size = Pattern.compile("testpattern:(\\d{1,4})x(\\d{1,4})(?:@(\\d{1,2}))?")
                .matcher(value);
        if (size.matches()) {
            return new VideoSource.TestPattern(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)),
                    size.group(3) == null ? 15 : Integer.parseInt(size.group(3)));
        }
        throw new IllegalArgumentException("The video source is none or testpattern[:<width>x<height>[@<fps>]], not "
                + setting.strip());
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
