package org.parley.sip.presence.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.parley.core.account.AccountId;

/**
 * The presence settings of one SIP account, read from the account's configuration (the SIP
 * bundle's factory configuration {@value #ACCOUNT_FACTORY_PID}; SCR makes one instance per
 * account): who may watch the user without asking, and whether the account has a server to
 * PUBLISH to (not when it neither registers nor has an outbound proxy).
 */
@Component(service = PresenceSettings.class, configurationPid = PresenceSettings.ACCOUNT_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class PresenceSettings {

    static final String ACCOUNT_FACTORY_PID = "org.parley.sip.account";

    /** The account settings this bundle reads. */
    @interface Config {
        String parley_account_id();

        /** accept, refuse, ask or contacts. */
        String presencePolicy() default "contacts";

        boolean register() default true;

        String outboundProxy() default "";
    }

    private final AccountId account;
    private final WatcherPolicy policy;
    private final boolean publishes;

    @Activate
    public PresenceSettings(Config config) {
        this.account = new AccountId(config.parley_account_id());
        this.policy = WatcherPolicy.parse(config.presencePolicy());
        this.publishes = config.register() || !config.outboundProxy().isBlank();
    }

    /** A stand-in for an account whose settings are not known (yet). */
    PresenceSettings(AccountId account) {
        this.account = account;
        this.policy = WatcherPolicy.CONTACTS;
        this.publishes = true;
    }

    AccountId account() {
        return account;
    }

    WatcherPolicy policy() {
        return policy;
    }

    /** Whether the own status is PUBLISHed to a presence server. */
    boolean publishes() {
        return publishes;
    }
}
