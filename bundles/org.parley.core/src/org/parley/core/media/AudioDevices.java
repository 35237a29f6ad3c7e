package org.parley.core.media;

import java.util.List;
import java.util.Optional;

/**
 * The sound devices a media engine can use, and which one it uses for each {@link AudioDeviceRole}.
 * <p>
 * Which device plays which role is configuration, not a call on this service: the ConfigurationAdmin
 * configuration {@value #CONFIGURATION_PID} holds, under each role's {@link AudioDeviceRole#property()
 * property}, the {@link AudioDevice#id() id} of the chosen device; absent or empty means the sound
 * system's default. A chosen device that is not present is replaced by the default until it
 * returns. Sessions with {@link AudioSource.CaptureDevice} or {@link AudioSink.PlaybackDevice} use the
 * devices chosen when they open.
 */
public interface AudioDevices {

    /** The configuration that chooses the devices (properties: {@link AudioDeviceRole#property()}). */
    String CONFIGURATION_PID = "org.parley.media.devices";

    /** The sound system in use, e.g. "pulseaudio"; empty when the machine offers none. */
    Optional<String> soundSystem();

    /** The devices present now, capture devices first, each in the sound system's order. */
    List<AudioDevice> devices();

    /**
     * The device chosen for a role if it is present now; empty when the role uses the sound
     * system's default device (none chosen, or the chosen one is absent).
     */
    Optional<AudioDevice> chosen(AudioDeviceRole role);
}
