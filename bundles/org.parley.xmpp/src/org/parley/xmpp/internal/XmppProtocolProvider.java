package org.parley.xmpp.internal;

import org.osgi.service.component.annotations.Component;
import org.parley.core.ServiceProperties;
import org.parley.core.account.ProtocolProvider;

/** Announces that XMPP accounts can be created, and under which factory PID. */
@Component(property = ServiceProperties.PROTOCOL + "=" + XmppProtocolProvider.PROTOCOL)
public final class XmppProtocolProvider implements ProtocolProvider {

    static final String PROTOCOL = "xmpp";
    static final String ACCOUNT_FACTORY_PID = "org.parley.xmpp.account";

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String displayName() {
        return "XMPP (RFC 6120)";
    }

    @Override
    public String accountFactoryPid() {
        return ACCOUNT_FACTORY_PID;
    }
}
