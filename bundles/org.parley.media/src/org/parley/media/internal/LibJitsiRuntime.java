package org.parley.media.internal;

import java.io.File;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jitsi.impl.neomedia.MediaServiceImpl;
import org.jitsi.impl.neomedia.device.DeviceConfiguration;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.utils.JNIUtils;
import org.parley.core.media.MediaException;
import org.parley.media.libjitsi.natives.LibJitsiCodecs;
import org.parley.media.libjitsi.natives.LibJitsiNatives;
import org.parley.srtp.natives.SrtpNatives;

/**
 * libjitsi's process-wide state, started and stopped by the engine component. libjitsi keeps its
 * implementation in static fields ({@link LibJitsi#start()}); this class is the only place that
 * touches them.
 */
final class LibJitsiRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LibJitsiRuntime.class.getName());

    private static final String HOME_LOCATION = "net.java.sip.communicator.SC_HOME_DIR_LOCATION";
    private static final String HOME_NAME = "net.java.sip.communicator.SC_HOME_DIR_NAME";
    private static final String DISABLE_VIDEO = "net.java.sip.communicator.service.media.DISABLE_VIDEO_SUPPORT";
    private static final String DTLS_SIGNATURE_ALGORITHM = "org.jitsi.impl.neomedia.transform.dtls.SIGNATURE_ALGORITHM";
    /**
     * libjitsi's PulseAudio sound system (also PipeWire's PulseAudio server): on when a server is
     * found and {@code java.lang} is open to jitsi-utils (its {@code JNIUtils} binds the JNI library to
     * libjitsi's class loader through {@code java.lang.Runtime}, else to its own, where libjitsi's
     * classes cannot be found), unless {@code <class>.disabled} is set.
     */
    private static final String PULSE_AUDIO = "org.jitsi.impl.neomedia.device.PulseAudioSystem";
    /** Set when Parley itself set {@code PulseAudioSystem.disabled} (at an earlier start in this process). */
    private static final String PULSE_AUDIO_SET_BY_PARLEY = "org.parley.media.pulseaudio.auto";
    /**
     * libjitsi's PortAudio sound system: off unless {@code <class>.disabled=false} is set. Its JNI
     * library crashes the JVM in {@code Pa_Initialize} (FillInDevInfo) on a machine without ALSA cards.
     */
    private static final String PORT_AUDIO = "org.jitsi.impl.neomedia.device.PortAudioSystem";
    /** Kept so that the levels set on them stay (java.util.logging holds loggers weakly). */
    private static final Logger[] LIBRARY_LOGGERS = { Logger.getLogger("org.jitsi"), Logger.getLogger("net.sf.fmj") };
    /**
     * Logs SEVERE, with a stack trace, for every renderer of a sound system switched off above,
     * at each start; what it would say is known and harmless.
     */
    private static final Logger DEVICE_CONFIGURATION_LOGGER = Logger
            .getLogger("org.jitsi.impl.neomedia.device.DeviceConfiguration");

    private final MediaService mediaService;
    private final String opusProblem;
    private final boolean mayStartPulseAudio;

    private LibJitsiRuntime(MediaService mediaService, String opusProblem, boolean mayStartPulseAudio) {
        this.mediaService = mediaService;
        this.opusProblem = opusProblem;
        this.mayStartPulseAudio = mayStartPulseAudio;
    }

    /**
     * Loads libjitsi's JNI libraries into its bundle's class loader and starts libjitsi.
     *
     * @param dataDirectory where libjitsi keeps its configuration file, unless the
     *                      {@code net.java.sip.communicator.SC_HOME_DIR_*} system properties say
     *                      otherwise
     */
    static LibJitsiRuntime start(File dataDirectory) {
        if (System.getProperty(HOME_LOCATION) == null && dataDirectory != null) {
            System.setProperty(HOME_LOCATION, dataDirectory.getAbsolutePath());
            System.setProperty(HOME_NAME, "libjitsi");
        }
        setIfAbsent(DISABLE_VIDEO, "true"); // audio only: no camera probing
        // libjitsi's DTLS server offers RSA cipher suites only (see DtlsServer): its certificate must be RSA
        setIfAbsent(DTLS_SIGNATURE_ALGORITHM, "SHA256withRSA");
        setIfAbsent(PORT_AUDIO + ".disabled", "true");
        boolean mayStartPulseAudio = !pulseAudioSetByUser() && pulseAudioCanBind();
        Optional<String> pulseAudioServer = PulseAudioServer.find(System.getenv());
        if (mayStartPulseAudio && pulseAudioServer.isPresent()) {
            setPulseAudio(true);
            LOG.info(() -> "Sound devices: PulseAudio at " + pulseAudioServer.get());
        } else {
            if (!pulseAudioSetByUser()) {
                setPulseAudio(false);
            }
            LOG.info(mayStartPulseAudio ? "Sound devices: no PulseAudio server (yet); calls use files, tones or silence"
                    : "Sound devices: PulseAudio is off (" + PULSE_AUDIO + ".disabled or no access to java.lang)");
        }
        for (Logger logger : LIBRARY_LOGGERS) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING); // libjitsi and FMJ log every stream start and stop at INFO
            }
        }
        if (DEVICE_CONFIGURATION_LOGGER.getLevel() == null && Boolean.getBoolean(PULSE_AUDIO + ".disabled")) {
            DEVICE_CONFIGURATION_LOGGER.setLevel(Level.OFF);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LibJitsi.class.getClassLoader());
        try {
            // Before LibJitsi.start(): libjitsi registers its Opus codecs only if Opus works then.
            String opusProblem = LibJitsiNatives.loadOpus();
            if (opusProblem != null) {
                LOG.warning("Opus is not available: " + opusProblem);
            }
            SrtpNatives.load().ifPresent(problem -> LOG.info("SRTP encrypts in Java (OpenSSL binding not loaded: "
                    + problem + ")"));
            long started = System.nanoTime();
            LibJitsi.start();
            MediaService mediaService = LibJitsi.getMediaService();
            if (mediaService == null) {
                LibJitsi.stop();
                throw new IllegalStateException("libjitsi started without a media service");
            }
            LibJitsiCodecs.useJavaG722(); // after the media service registered libjitsi's codecs
            LOG.info(() -> "libjitsi started in " + (System.nanoTime() - started) / 1_000_000 + " ms; Opus "
                    + (opusProblem == null ? "works" : "does not work"));
            return new LibJitsiRuntime(mediaService, opusProblem, mayStartPulseAudio);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Whether {@code PulseAudioSystem.disabled} was set by the user rather than by {@link #setPulseAudio}. */
    private static boolean pulseAudioSetByUser() {
        return System.getProperty(PULSE_AUDIO + ".disabled") != null && System.getProperty(PULSE_AUDIO_SET_BY_PARLEY) == null;
    }

    /** Switches libjitsi's PulseAudio system on or off for its next initialisation of sound systems. */
    static void setPulseAudio(boolean on) {
        System.setProperty(PULSE_AUDIO + ".disabled", Boolean.toString(!on));
        System.setProperty(PULSE_AUDIO_SET_BY_PARLEY, "true");
    }

    /** Whether jitsi-utils may bind PulseAudio's JNI library to libjitsi (see {@link #PULSE_AUDIO}). */
    private static boolean pulseAudioCanBind() {
        return Object.class.getModule().isOpen("java.lang", JNIUtils.class.getModule());
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    MediaService mediaService() {
        return mediaService;
    }

    /** libjitsi's devices and their selection. */
    DeviceConfiguration deviceConfiguration() {
        if (mediaService instanceof MediaServiceImpl impl) {
            return impl.getDeviceConfiguration();
        }
        throw new MediaException("libjitsi's media service gives no access to its devices");
    }

    /** Whether PulseAudio may be started when a server appears later (see {@link DeviceWatch}). */
    boolean mayStartPulseAudio() {
        return mayStartPulseAudio;
    }

    /** Whether libjitsi's Opus codec works on this machine. */
    boolean opus() {
        return opusProblem == null;
    }

    @Override
    public void close() {
        LibJitsi.stop();
    }
}
