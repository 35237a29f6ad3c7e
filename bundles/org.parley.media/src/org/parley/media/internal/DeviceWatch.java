package org.parley.media.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.media.CaptureDeviceInfo;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.DeviceConfiguration;
import org.jitsi.impl.neomedia.device.DeviceSystem;
import org.jitsi.impl.neomedia.device.ParleySoundSystems;
import org.jitsi.utils.MediaType;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceEvent;

/**
 * Keeps the list of sound devices current: every {@value #PERIOD_SECONDS} s it reads the sound
 * system's devices again (libjitsi reads PulseAudio's only at start, and PulseAudio's client API in
 * libjitsi has no change notifications) and reports devices that appeared or went away. It also
 * starts libjitsi's PulseAudio system when a PulseAudio server appears after Parley started.
 */
final class DeviceWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeviceWatch.class.getName());
    private static final long PERIOD_SECONDS = 2;

    private final DeviceConfiguration configuration;
    private final boolean mayStartPulseAudio;
    private final Consumer<AudioDeviceEvent> events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-audio-devices");
        thread.setDaemon(true);
        return thread;
    });
    private volatile List<AudioDevice> devices = List.of();
    private String lastProblem = "";

    /**
     * @param mayStartPulseAudio whether PulseAudio may be started when its server appears (it was
     *                           off at start only because no server was found)
     * @param events             told of each device that appears or goes away, on the watch's thread
     */
    DeviceWatch(DeviceConfiguration configuration, boolean mayStartPulseAudio, Consumer<AudioDeviceEvent> events) {
        this.configuration = configuration;
        this.mayStartPulseAudio = mayStartPulseAudio;
        this.events = events;
        devices = SoundDevices.list(soundSystem());
        timer.scheduleWithFixedDelay(this::check, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** The devices present at the last check. */
    List<AudioDevice> devices() {
        return devices;
    }

    /**
     * The sound system calls use: PulseAudio when it runs, else the one libjitsi selected unless that
     * is its silence or none (or a PulseAudio system dropped because its server went away). (libjitsi selects again at each change of devices, and may then fall
     * back to silence when PulseAudio started late.)
     */
    Optional<AudioSystem> soundSystem() {
        AudioSystem pulseAudio = AudioSystem.getAudioSystem(AudioSystem.LOCATOR_PROTOCOL_PULSEAUDIO);
        if (pulseAudio != null) {
            return Optional.of(pulseAudio);
        }
        AudioSystem system = configuration.getAudioSystem();
        boolean forgottenPulseAudio = system != null
                && AudioSystem.LOCATOR_PROTOCOL_PULSEAUDIO.equals(system.getLocatorProtocol());
        return system == null || SoundDevices.isPlaceholder(system) || forgottenPulseAudio ? Optional.empty()
                : Optional.of(system);
    }

    private void check() {
        Optional<AudioSystem> system = soundSystem();
        try {
            if (system.isEmpty()) {
                system = startPulseAudioIfItAppeared();
            } else {
                ParleySoundSystems.rescan(system.get());
            }
            update(SoundDevices.list(system));
            lastProblem = "";
        } catch (Exception | LinkageError e) {
            String problem = String.valueOf(e);
            if (!problem.equals(lastProblem)) { // a server that went away fails every check the same way
                LOG.log(Level.WARNING, "Reading the sound devices failed: " + problem, e);
                lastProblem = problem;
            }
            system.filter(failed -> mayStartPulseAudio
                    && AudioSystem.LOCATOR_PROTOCOL_PULSEAUDIO.equals(failed.getLocatorProtocol()))
                    .ifPresent(this::forgetPulseAudio);
        }
    }

    /**
     * PulseAudio's server went away (stopped, restarted, crashed): its devices are gone, and libjitsi's
     * system for it is dropped so that a server that comes back is connected to afresh.
     */
    private void forgetPulseAudio(AudioSystem failed) {
        try {
            ParleySoundSystems.forget(failed);
            LOG.warning("The PulseAudio server went away: no sound devices until it is back");
            update(List.of());
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "Cannot drop libjitsi's PulseAudio system; sound devices stay gone until restart", e);
        }
    }

    private Optional<AudioSystem> startPulseAudioIfItAppeared() {
        if (!mayStartPulseAudio || PulseAudioServer.find(System.getenv()).isEmpty()) {
            return Optional.empty();
        }
        LibJitsiRuntime.setPulseAudio(true);
        DeviceSystem.initializeDeviceSystems(MediaType.AUDIO);
        AudioSystem pulseAudio = AudioSystem.getAudioSystem(AudioSystem.LOCATOR_PROTOCOL_PULSEAUDIO);
        if (pulseAudio == null) {
            return Optional.empty();
        }
        configuration.setAudioSystem(pulseAudio, true); // saved: libjitsi keeps a saved choice when devices change
        LOG.info("A PulseAudio server appeared: sound devices are used from now on");
        return Optional.of(pulseAudio);
    }

    private void update(List<AudioDevice> now) {
        List<AudioDevice> before = devices;
        devices = now;
        List<AudioDeviceEvent> changes = new ArrayList<>();
        before.stream().filter(device -> !now.contains(device)).map(AudioDeviceEvent.Removed::new)
                .forEach(changes::add);
        now.stream().filter(device -> !before.contains(device)).map(AudioDeviceEvent.Added::new)
                .forEach(changes::add);
        for (AudioDeviceEvent change : changes) {
            LOG.info(() -> (change instanceof AudioDeviceEvent.Added ? "Sound device added: " : "Sound device removed: ")
                    + change.device());
            events.accept(change);
        }
    }

    /** The capture device with the given id, if the sound system has it now. */
    Optional<CaptureDeviceInfo> find(String id, AudioSystem.DataFlow flow) {
        return soundSystem().flatMap(system -> system.getDevices(flow).stream()
                .filter(info -> info.getLocator() != null && info.getLocator().toString().equals(id))
                .map(CaptureDeviceInfo.class::cast).findFirst());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
