package org.parley.core.media;

import java.util.Objects;

/** A sound device appeared or went away while Parley runs (plugged in, unplugged, a server started). */
public sealed interface AudioDeviceEvent {

    /** The device concerned. */
    AudioDevice device();

    /** A device can be used now. */
    record Added(AudioDevice device) implements AudioDeviceEvent {
        public Added {
            Objects.requireNonNull(device, "device");
        }
    }

    /**
     * A device is gone. Calls that used it go on with the sound system's default device (the sound
     * system moves them); calls started later use the default until it comes back.
     */
    record Removed(AudioDevice device) implements AudioDeviceEvent {
        public Removed {
            Objects.requireNonNull(device, "device");
        }
    }
}
