package org.parley.media.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import javax.media.CaptureDeviceInfo;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;

/**
 * The devices chosen in the settings, matched against the devices present: a chosen device that is
 * absent gives way to the sound system's default.
 */
final class ChosenDevices {

    private static final Logger LOG = Logger.getLogger(ChosenDevices.class.getName());

    private final DeviceWatch watch;
    private volatile Map<AudioDeviceRole, String> ids = Map.of();

    ChosenDevices(DeviceWatch watch) {
        this.watch = watch;
    }

    /** Takes the settings' choices (empty values: the default). */
    void configure(AudioDevicesConfig config) {
        Map<AudioDeviceRole, String> chosen = new EnumMap<>(AudioDeviceRole.class);
        put(chosen, AudioDeviceRole.CAPTURE, config.capture());
        put(chosen, AudioDeviceRole.PLAYBACK, config.playback());
        put(chosen, AudioDeviceRole.RINGER, config.ringer());
        ids = Map.copyOf(chosen);
    }

    private static void put(Map<AudioDeviceRole, String> chosen, AudioDeviceRole role, String id) {
        if (id != null && !id.isBlank()) {
            chosen.put(role, id.trim());
        }
    }

    /** The device chosen for {@code role}, if one is chosen and present. */
    Optional<AudioDevice> chosen(AudioDeviceRole role) {
        String id = ids.get(role);
        if (id == null) {
            return Optional.empty();
        }
        return watch.devices().stream().filter(device -> device.id().equals(id) && device.kind() == role.kind())
                .findFirst();
    }

    /** The system and devices for a session opening now. */
    SoundChoice forSession() {
        Optional<AudioSystem> system = watch.soundSystem();
        if (system.isEmpty()) {
            return SoundChoice.none();
        }
        Optional<CaptureDeviceInfo> capture = present(AudioDeviceRole.CAPTURE, AudioSystem.DataFlow.CAPTURE)
                .or(() -> Optional.ofNullable(system.get().getSelectedDevice(AudioSystem.DataFlow.CAPTURE)));
        return new SoundChoice(system, capture,
                present(AudioDeviceRole.PLAYBACK, AudioSystem.DataFlow.PLAYBACK).map(CaptureDeviceInfo::getLocator));
    }

    private Optional<CaptureDeviceInfo> present(AudioDeviceRole role, AudioSystem.DataFlow flow) {
        String id = ids.get(role);
        if (id == null) {
            return Optional.empty();
        }
        Optional<CaptureDeviceInfo> device = watch.find(id, flow);
        if (device.isEmpty()) {
            LOG.info(() -> "The " + role.property() + " device " + id + " is not present: using the default");
        }
        return device;
    }
}
