package org.parley.media.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;

/**
 * The media engine on libjitsi: starts libjitsi when the component activates, stops it (closing
 * every session still open) when it deactivates.
 */
@Component(service = MediaEngine.class, property = ServiceProperties.CAPABILITY + "=media")
public final class LibJitsiMediaEngine implements MediaEngine {

    private static final Logger LOG = Logger.getLogger(LibJitsiMediaEngine.class.getName());

    private final Set<LibJitsiMediaSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile LibJitsiRuntime runtime;
    private volatile List<RtpFormat> formats = List.of();

    @Activate
    void activate(BundleContext context) {
        // the user's data: libjitsi's settings and ZRTP's identity (ZID), retained secrets and verified marks
        runtime = LibJitsiRuntime.start(UserDataDirectory.of(context).resolve("media").toFile());
        formats = Formats.offered(runtime.opus());
        LOG.fine(() -> "libjitsi media engine started with " + formats);
    }

    @Deactivate
    void deactivate() {
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
                sessions::remove);
        sessions.add(session);
        return session;
    }
}
