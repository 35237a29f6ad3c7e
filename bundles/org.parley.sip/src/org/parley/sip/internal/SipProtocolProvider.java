package org.parley.sip.internal;

import org.osgi.service.component.annotations.Component;
import org.parley.core.ServiceProperties;
import org.parley.core.account.ProtocolProvider;

/** Announces that SIP accounts can be created, and under which factory PID. */
@Component(property = ServiceProperties.PROTOCOL + "=" + SipProtocolProvider.PROTOCOL)
public final class SipProtocolProvider implements ProtocolProvider {

    static final String PROTOCOL = "sip";
    static final String ACCOUNT_FACTORY_PID = "org.parley.sip.account";

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String displayName() {
        return "SIP (RFC 3261)";
    }

    @Override
    public String accountFactoryPid() {
        return ACCOUNT_FACTORY_PID;
    }
}
