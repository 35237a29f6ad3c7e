package org.parley.xmpp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * An XMPP account's settings: a factory configuration of {@value XmppProtocolProvider#ACCOUNT_FACTORY_PID}.
 * The password is not among them: it lives in the credential store.
 */
@ObjectClassDefinition(name = "Parley XMPP account")
@interface XmppAccountConfig {

    @AttributeDefinition(name = "Account id", description = "The id other services and the console name the account by")
    String parley_account_id();

    @AttributeDefinition(name = "Address", description = "The account's JID, e.g. xmpp:alice@example.org")
    String address();

    @AttributeDefinition(name = "Display name", required = false)
    String displayName() default "";

    @AttributeDefinition(name = "Server", required = false,
            description = "host[:port] of the server; empty: the address's domain, port 5222")
    String server() default "";

    @AttributeDefinition(name = "Security", options = {
            @Option(value = "required", label = "TLS required"),
            @Option(value = "ifpossible", label = "TLS when the server offers it"),
            @Option(value = "disabled", label = "No TLS (test servers only)") })
    String security() default "required";

    @AttributeDefinition(name = "Trusted certificate", required = false, description = "SHA-256 fingerprint of the "
            + "server certificate the user trusts although no authority the system trusts vouches for it (set when "
            + "the user trusts it); any other certificate is then refused")
    String tlsPinnedCertificate() default "";

    @AttributeDefinition(name = "Resource", description = "The name this client gives its session")
    String resource() default "parley";

    @AttributeDefinition(name = "Presence policy", options = {
            @Option(value = "contacts", label = "Share my status with my contacts"),
            @Option(value = "accept", label = "Share my status with everyone who asks") })
    String presencePolicy() default "contacts";
}
