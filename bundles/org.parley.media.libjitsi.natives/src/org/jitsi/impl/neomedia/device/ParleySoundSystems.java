package org.jitsi.impl.neomedia.device;

import java.lang.reflect.Field;
import java.util.List;

import javax.media.MediaLocator;
import javax.media.Renderer;

import org.jitsi.impl.neomedia.jmfext.media.renderer.audio.AbstractAudioRenderer;

/**
 * What Parley needs of libjitsi's sound systems that libjitsi does not export. libjitsi reads PulseAudio's sources and sinks
 * once, when the system starts, and offers no way to read them again (PulseAudio's system does not
 * declare {@code FEATURE_REINITIALIZE}); {@link DeviceSystem#initialize()} does it but is
 * protected. This class is in libjitsi's package (the fragment is loaded by libjitsi's class loader),
 * so it may call it, and
 * it may use the renderers' package, which libjitsi does not export.
 */
public final class ParleySoundSystems {

    private ParleySoundSystems() {
    }

    /**
     * Reads the devices of {@code system} again; its listeners are told if they changed.
     *
     * @throws Exception what the sound system threw (e.g. its server went away)
     */
    public static void rescan(AudioSystem system) throws Exception {
        system.initialize();
    }

    /**
     * A renderer of {@code system} that plays on {@code device} rather than on the device selected
     * in libjitsi's settings (libjitsi's renderer classes are not exported).
     */
    public static Renderer playbackRenderer(AudioSystem system, MediaLocator device) {
        return onDevice(system.createRenderer(true), device);
    }

    /**
     * A renderer of {@code system} for notifications such as ringing (PulseAudio's "event" role), on
     * {@code device}, or on the system's notification device if {@code device} is null.
     */
    public static Renderer notificationRenderer(AudioSystem system, MediaLocator device) {
        Renderer renderer = system.createRenderer(false);
        return device == null ? renderer : onDevice(renderer, device);
    }

    /**
     * Makes libjitsi forget a sound system whose server went away (libjitsi connects to PulseAudio
     * once per system and never again), so that the next initialisation of sound systems makes a new
     * one that connects afresh. The forgotten system's own thread stays until the process ends.
     *
     * @throws ReflectiveOperationException if libjitsi's list of systems is not where it was (another version)
     */
    public static void forget(DeviceSystem system) throws ReflectiveOperationException {
        Field field = DeviceSystem.class.getDeclaredField("deviceSystems");
        field.setAccessible(true);
        List<?> systems = (List<?>) field.get(null);
        synchronized (systems) {
            systems.remove(system);
        }
    }

    private static Renderer onDevice(Renderer renderer, MediaLocator device) {
        if (renderer instanceof AbstractAudioRenderer<?> audio) {
            audio.setLocator(device);
        }
        return renderer;
    }
}
