package org.parley.core;

import org.parley.core.history.History;
import org.parley.core.media.MediaEngine;
import org.parley.core.messaging.Messaging;
import org.parley.core.presence.Presence;
import org.parley.core.telephony.Telephony;

/**
 * What an account, or the suite, can do. Each capability is a service interface; a bundle that
 * offers it registers the service with the {@link ServiceProperties#CAPABILITY} property set to
 * {@link #id()} and, for per-account capabilities, {@link ServiceProperties#ACCOUNT_ID}.
 */
public enum Capability {
    /** Voice calls: {@link Telephony}, one service per account. */
    TELEPHONY("telephony", Telephony.class, true),
    /** Contacts' presence and the user's own status: {@link Presence}, one per account. */
    PRESENCE("presence", Presence.class, true),
    /** Instant messages: {@link Messaging}, one per account. */
    MESSAGING("messaging", Messaging.class, true),
    /** Audio (and later video) streams for calls: {@link MediaEngine}, one for the suite. */
    MEDIA("media", MediaEngine.class, false),
    /** Past calls and messages: {@link History}, one for the suite. */
    HISTORY("history", History.class, false);

    private final String id;
    private final Class<?> serviceType;
    private final boolean perAccount;

    Capability(String id, Class<?> serviceType, boolean perAccount) {
        this.id = id;
        this.serviceType = serviceType;
        this.perAccount = perAccount;
    }

    /** The value of {@link ServiceProperties#CAPABILITY} for this capability. */
    public String id() {
        return id;
    }

    /** The service interface that offers this capability. */
    public Class<?> serviceType() {
        return serviceType;
    }

    /** Whether the capability is registered once per account (or once for the whole suite). */
    public boolean perAccount() {
        return perAccount;
    }
}
