package org.parley.media.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceEvent;
import org.parley.core.media.AudioDeviceListener;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.AudioDevices;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.VideoSession;
import org.parley.core.media.VideoSessionOptions;
import org.parley.media.internal.video.VideoRtpSession;
import org.parley.media.internal.video.Vp8Support;

/**
 * The media engine on libjitsi: starts libjitsi when the component activates, stops it (closing
 * every session still open) when it deactivates. It also offers the sound devices, chosen by the
 * configuration {@value AudioDevices#CONFIGURATION_PID} (changes apply to sessions opened after
 * them), and tells {@link AudioDeviceListener} services when devices come and go.
 */
@Component(service = { MediaEngine.class, AudioDevices.class }, property = ServiceProperties.CAPABILITY + "=media",
        configurationPid = AudioDevices.CONFIGURATION_PID)
@Designate(ocd = AudioDevicesConfig.class)
public final class LibJitsiMediaEngine implements MediaEngine, AudioDevices {

    private static final Logger LOG = Logger.getLogger(LibJitsiMediaEngine.class.getName());

    private final Set<LibJitsiMediaSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<AudioDeviceListener> deviceListeners = new CopyOnWriteArrayList<>();
    private volatile LibJitsiRuntime runtime;
    private volatile DeviceWatch deviceWatch;
    private volatile ChosenDevices chosenDevices;
    private volatile List<RtpFormat> formats = List.of();
    private final Set<VideoRtpSession> videoSessions = ConcurrentHashMap.newKeySet();
    private volatile List<RtpFormat> videoFormats = List.of();

    @Activate
    void activate(BundleContext context, AudioDevicesConfig config) {
        // the user's data: libjitsi's settings and ZRTP's identity (ZID), retained secrets and verified marks
        runtime = LibJitsiRuntime.start(UserDataDirectory.of(context).resolve("media").toFile());
        formats = Formats.offered(runtime.opus());
        Optional<String> vp8Problem = Vp8Support.problem();
        vp8Problem.ifPresent(problem -> LOG.warning("Video (VP8) is not available: " + problem));
        videoFormats = vp8Problem.isEmpty() ? Vp8Support.formats() : List.of();
        deviceWatch = new DeviceWatch(runtime.deviceConfiguration(), runtime.mayStartPulseAudio(), this::tell);
        chosenDevices = new ChosenDevices(deviceWatch);
        chosenDevices.configure(config);
        LOG.fine(() -> "libjitsi media engine started with " + formats + " and sound devices " + devices());
    }

    @Modified
    void modified(AudioDevicesConfig config) {
        chosenDevices.configure(config);
    }

    @Deactivate
    void deactivate() {
        deviceWatch.close();
        for (VideoRtpSession session : List.copyOf(videoSessions)) {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing a video session failed", e);
            }
        }
        for (LibJitsiMediaSession session : List.copyOf(sessions)) {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing a media session failed", e);
            }
        }
        sessions.clear();
        runtime.close();
        runtime = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDeviceListener(AudioDeviceListener listener) {
        deviceListeners.add(listener);
    }

    void removeDeviceListener(AudioDeviceListener listener) {
        deviceListeners.remove(listener);
    }

    private void tell(AudioDeviceEvent event) {
        for (AudioDeviceListener listener : deviceListeners) {
            try {
                listener.devicesChanged(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A sound device listener failed on " + event, e);
            }
        }
    }

    @Override
    public List<RtpFormat> formats() {
        return formats;
    }

    @Override
    public MediaSession open(MediaSessionOptions options) {
        Objects.requireNonNull(options, "options");
        LibJitsiRuntime libjitsi = runtime;
        if (libjitsi == null) {
            throw new MediaException("The media engine has stopped");
        }
        LibJitsiMediaSession session = new LibJitsiMediaSession(libjitsi.mediaService(), libjitsi.opus(), options,
                chosenDevices.forSession(), sessions::remove);
        sessions.add(session);
        return session;
    }

    @Override
    public List<RtpFormat> videoFormats() {
        return videoFormats;
    }

    @Override
    public VideoSession openVideo(VideoSessionOptions options) {
        Objects.requireNonNull(options, "options");
        LibJitsiRuntime libjitsi = runtime;
        if (libjitsi == null) {
            throw new MediaException("The media engine has stopped");
        }
        if (videoFormats.isEmpty()) {
            throw new MediaException("Video is not available: libjitsi's VP8 library did not load (see the log)");
        }
        VideoRtpSession session = new VideoRtpSession(options, () -> new SdesKeys(libjitsi.mediaService()),
                videoSessions::remove);
        videoSessions.add(session);
        return session;
    }

    @Override
    public Optional<String> soundSystem() {
        return deviceWatch.soundSystem().map(system -> system.getLocatorProtocol());
    }

    @Override
    public List<AudioDevice> devices() {
        return deviceWatch.devices();
    }

    @Override
    public Optional<AudioDevice> chosen(AudioDeviceRole role) {
        return chosenDevices.chosen(Objects.requireNonNull(role, "role"));
    }
}
