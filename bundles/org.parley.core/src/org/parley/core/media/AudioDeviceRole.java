package org.parley.core.media;

/** What Parley uses a sound device for; each role is set on its own in the device settings. */
public enum AudioDeviceRole {
    /** The microphone of calls. */
    CAPTURE(AudioDevice.Kind.CAPTURE, "capture"),
    /** Where the far end of calls is heard. */
    PLAYBACK(AudioDevice.Kind.PLAYBACK, "playback"),
    /** Where incoming calls ring. */
    RINGER(AudioDevice.Kind.PLAYBACK, "ringer");

    private final AudioDevice.Kind kind;
    private final String property;

    AudioDeviceRole(AudioDevice.Kind kind, String property) {
        this.kind = kind;
        this.property = property;
    }

    /** The kind of device this role takes. */
    public AudioDevice.Kind kind() {
        return kind;
    }

    /**
     * The property of the {@link AudioDevices#CONFIGURATION_PID device settings} that holds this
     * role's device id (absent or empty: the sound system's default device).
     */
    public String property() {
        return property;
    }
}
