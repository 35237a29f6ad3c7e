package org.parley.core.media;

import java.nio.file.Path;
import java.util.Objects;

/** Where the audio a session receives goes. */
public sealed interface AudioSink {

    /**
     * The speaker chosen for {@link AudioDeviceRole#PLAYBACK} (see {@link AudioDevices}), else the sound
     * system's default.
     */
    record PlaybackDevice() implements AudioSink {
    }

    /** Nowhere: received audio is decoded and counted, then dropped. */
    record Discard() implements AudioSink {
    }

    /** A WAV file (PCM, 16 bit, mono), written as audio arrives and completed when the session closes. */
    record WavFile(Path file) implements AudioSink {
        public WavFile {
            Objects.requireNonNull(file, "file");
        }
    }
}
