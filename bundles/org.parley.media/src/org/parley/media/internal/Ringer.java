package org.parley.media.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.media.MediaLocator;

import org.jitsi.impl.neomedia.device.AudioSystem;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.AudioDevices;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallState;

/**
 * Rings on the ringer device (the one chosen for {@link AudioDeviceRole#RINGER}, else the sound
 * system's default) while an incoming call waits to be answered; a whiteboard call listener. A call
 * answered at once (auto-answer) does not ring. Without a sound system nothing rings.
 */
@Component(service = org.parley.core.telephony.CallListener.class)
public final class Ringer implements org.parley.core.telephony.CallListener {

    private static final Logger LOG = Logger.getLogger(Ringer.class.getName());
    /** A call that is answered or ended within this time does not ring. */
    private static final long DELAY_MS = 300;

    private final ComponentServiceObjects<AudioDevices> deviceService;
    private final Set<CallId> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread ringer = new Thread(task, "parley-ringer");
        ringer.setDaemon(true);
        return ringer;
    });
    // touched on the ringer thread only
    private AudioDevices devices;
    private Optional<RingingSound> sound = Optional.empty();
    private ScheduledFuture<?> pendingStart;

    /**
     * The devices are got (which starts libjitsi, their engine's) at the first ring only: every SIP
     * account binds the ringer when it starts, and libjitsi's start would slow every start of the suite.
     */
    @Activate
    public Ringer(@Reference ComponentServiceObjects<AudioDevices> devices) {
        this.deviceService = devices;
    }

    @Override
    public void callChanged(CallEvent event) {
        boolean changed = switch (event) {
            case CallEvent.Started started when started.direction() == CallDirection.INCOMING -> waiting.add(started.call());
            case CallEvent.StateChanged state when state.current() != CallState.INCOMING -> waiting.remove(state.call());
            case CallEvent.Ended ended -> waiting.remove(ended.call());
            default -> false;
        };
        if (changed) {
            thread.execute(this::follow);
        }
    }

    private void follow() {
        if (waiting.isEmpty()) {
            if (pendingStart != null) {
                pendingStart.cancel(false);
                pendingStart = null;
            }
            sound.ifPresent(RingingSound::close);
            sound = Optional.empty();
        } else if (sound.isEmpty() && pendingStart == null) {
            pendingStart = thread.schedule(this::start, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void start() {
        pendingStart = null;
        if (waiting.isEmpty() || sound.isPresent()) {
            return;
        }
        if (devices == null) {
            devices = deviceService.getService();
        }
        AudioSystem system = AudioSystem.getAudioSystem(AudioSystem.LOCATOR_PROTOCOL_PULSEAUDIO);
        if (system == null) {
            LOG.fine("An incoming call does not ring: no sound system");
            return;
        }
        Optional<MediaLocator> device = devices.chosen(AudioDeviceRole.RINGER).map(chosen -> new MediaLocator(chosen.id()));
        try {
            sound = Optional.of(RingingSound.start(system, device, thread));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An incoming call cannot ring: " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        waiting.clear();
        thread.execute(this::follow);
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
