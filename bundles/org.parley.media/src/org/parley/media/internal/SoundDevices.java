package org.parley.media.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.media.CaptureDeviceInfo;
import javax.media.MediaLocator;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.NoneAudioSystem;
import org.parley.core.media.AudioDevice;

/** libjitsi's device lists as Parley's {@link AudioDevice}s. */
final class SoundDevices {

    private SoundDevices() {
    }

    /**
     * The capture devices, then the playback devices, of a sound system; without libjitsi's entry
     * for the system's default device (a locator without a device name), which is no device of its own.
     */
    static List<AudioDevice> list(Optional<AudioSystem> system) {
        if (system.isEmpty()) {
            return List.of();
        }
        List<AudioDevice> devices = new ArrayList<>();
        add(system.get().getDevices(AudioSystem.DataFlow.CAPTURE), AudioDevice.Kind.CAPTURE, devices);
        add(system.get().getDevices(AudioSystem.DataFlow.PLAYBACK), AudioDevice.Kind.PLAYBACK, devices);
        return List.copyOf(devices);
    }

    private static void add(List<? extends CaptureDeviceInfo> infos, AudioDevice.Kind kind, List<AudioDevice> into) {
        for (CaptureDeviceInfo info : infos) {
            MediaLocator locator = info.getLocator();
            if (locator != null && locator.getRemainder() != null && !locator.getRemainder().isEmpty()) {
                into.add(new AudioDevice(locator.toString(), info.getName(), kind));
            }
        }
    }

    /** Whether a system is libjitsi's stand-in when there is no sound (silence or none). */
    static boolean isPlaceholder(AudioSystem system) {
        String protocol = system.getLocatorProtocol();
        return AudioSystem.LOCATOR_PROTOCOL_AUDIOSILENCE.equalsIgnoreCase(protocol)
                || NoneAudioSystem.LOCATOR_PROTOCOL.equalsIgnoreCase(protocol);
    }
}
