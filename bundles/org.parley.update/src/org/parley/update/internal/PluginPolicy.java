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
}
