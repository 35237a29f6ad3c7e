package org.parley.core.media;

import java.nio.file.Path;
import java.util.Objects;

/** Where the audio a session sends comes from. */
public sealed interface AudioSource {

    /**
     * The microphone chosen for {@link AudioDeviceRole#CAPTURE} (see {@link AudioDevices}), else the sound
     * system's default.
     */
    record CaptureDevice() implements AudioSource {
    }

    /** Digital silence (for automation and machines without sound). */
    record Silence() implements AudioSource {
    }

    /**
     * A continuous sine tone (for tests and line checks).
     *
     * @param frequencyHz the tone's frequency, 20 Hz to 3400 Hz so that it survives narrow-band codecs
     */
    record Tone(double frequencyHz) implements AudioSource {
        public Tone {
            if (frequencyHz < 20 || frequencyHz > 3400) {
                throw new IllegalArgumentException("A tone is 20 Hz to 3400 Hz: " + frequencyHz);
            }
        }
    }

    /** A WAV file (PCM, 16 bit, mono), played once and followed by silence. */
    record WavFile(Path file) implements AudioSource {
        public WavFile {
            Objects.requireNonNull(file, "file");
        }
    }
}
