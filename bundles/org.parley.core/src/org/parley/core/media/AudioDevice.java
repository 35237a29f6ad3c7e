package org.parley.core.media;

import java.util.Objects;

/**
 * A sound device of the machine as the media engine sees it: a microphone-like source or a
 * speaker-like output.
 *
 * @param id   what identifies the device across restarts (for the sound system PulseAudio:
 *             {@code pulseaudio:} and the server's source or sink name); the value to put in the
 *             {@link AudioDevices#CONFIGURATION_PID device settings}
 * @param name what a person reads, e.g. "Built-in Audio Analog Stereo"
 * @param kind whether it captures or plays
 */
public record AudioDevice(String id, String name, Kind kind) {

    public AudioDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) {
            throw new IllegalArgumentException("A device's id is not blank");
        }
    }

    /** Whether a device captures sound or plays it. */
    public enum Kind {
        /** A microphone, line in or headset microphone. */
        CAPTURE,
        /** Speakers, headphones or a headset's earpiece; also what rings. */
        PLAYBACK
    }
}
