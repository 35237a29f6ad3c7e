package org.parley.media.internal.ice;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.ice4j.ice.Agent;
import org.jitsi.config.JitsiConfig;
import org.jitsi.config.TypesafeConfigSource;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Prepares ice4j once per process. ice4j reads its settings through jicoco-config, which loads them
 * with the thread's context class loader; under OSGi that loader does not see ice4j's
 * {@code reference.conf}, so the settings are built here from ice4j's own class loader and installed
 * explicitly, before any ice4j class reads them. Candidates are gathered by Parley's own host
 * harvester on the call's address (ice4j's never takes loopback), so ice4j's interface scan, its
 * mapping harvesters (AWS, STUN mappings) and IPv6 link-local addresses are off.
 */
public final class IceLibrary {

    private static final String SETTINGS = """
            ice4j {
              harvest {
                use-ipv6 = false
                use-link-local-addresses = false
                udp.use-dynamic-ports = false
                mapping.aws.enabled = false
                mapping.stun.addresses = [ ]
                mapping.static-mappings = [ ]
              }
              ice.termination-delay = 3 seconds
            }
            """;
    private static final String[] CHATTY_LOGGERS = { "org.ice4j", "JitsiConfig", "org.jitsi.config",
            "org.jitsi.metaconfig" };
    private static boolean installed;

    private IceLibrary() {
    }

    /** Installs ice4j's settings, once; later calls do nothing. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (String name : CHATTY_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING); // ice4j logs every candidate and check at INFO
            }
        }
        ClassLoader ice4j = Agent.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ice4j);
        try {
            Config settings = ConfigFactory.systemProperties()
                    .withFallback(ConfigFactory.parseString(SETTINGS))
                    .withFallback(ConfigFactory.parseResources(ice4j, "reference.conf"))
                    .resolve();
            JitsiConfig.Companion.useDebugNewConfig(new TypesafeConfigSource("Parley's ice4j settings", settings));
            installed = true;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
