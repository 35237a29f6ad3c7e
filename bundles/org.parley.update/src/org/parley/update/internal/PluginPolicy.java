package org.parley.update.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What may be installed, for the administrator or the user to set (ConfigurationAdmin PID {@value P2Plugins#PID}). */
@ObjectClassDefinition(name = "Parley plugins", description = "Which plugins Parley installs and updates")
@interface PluginPolicy {

    @AttributeDefinition(name = "Require trusted signatures",
            description = "Install only content signed with a trusted certificate: unsigned content and content signed"
                    + " by anyone else is refused")
    boolean requireTrustedSignatures() default false;

    @AttributeDefinition(name = "Trusted certificates", required = false,
            description = "Files of PEM certificates (X.509) whose signatures are trusted")
    String[] trustedCertificates() default {};

    /** What the update check does with the updates it finds. */
    enum Updates {
        /** No checks. */
        OFF,
        /** Tells the user (the window, the console) and leaves the choice to them. */
        NOTIFY,
        /** Installs them. */
        INSTALL
    }

    @AttributeDefinition(name = "Updates", description = "OFF, NOTIFY (ask) or INSTALL (silently)")
    Updates updates() default Updates.NOTIFY;

    @AttributeDefinition(name = "Check at start", description = "Look for updates once after each start")
    boolean checkOnStart() default true;

    @AttributeDefinition(name = "Delay after start (s)", min = "0", description = "How long after the start the first check waits (at least 2 s)")
    int startDelaySeconds() default 60;

    @AttributeDefinition(name = "Interval (h)", min = "0", description = "Hours between checks; 0: only at start")
    int intervalHours() default 24;
}
