package org.parley.sip.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.core.ServiceProperties;

/**
 * Gives a fresh installation something useful to do: when no SIP account is configured at all, it
 * creates the serverless account {@code local} (address {@code sip:<user>@<this machine>}, no
 * registrar, listening on port 5060), which calls {@code sip:user@host[:port]} directly. It does
 * this once; a user who removes the account is not given it back while other accounts exist.
 * The framework property {@code parley.sip.localAccount=false} switches it off (enterprise set-ups).
 */
@Component
public final class LocalAccountProvisioner {

    static final String ACCOUNT_ID = "local";

    @Activate
    public LocalAccountProvisioner(BundleContext context, @Reference ConfigurationAdmin configurations)
            throws IOException, InvalidSyntaxException {
        if ("false".equalsIgnoreCase(context.getProperty("parley.sip.localAccount"))) {
            return;
        }
        Configuration[] existing = configurations.listConfigurations(
                "(service.factoryPid=" + SipProtocolProvider.ACCOUNT_FACTORY_PID + ")");
        if (existing != null && existing.length > 0) {
            return;
        }
        String host = lanAddress().getHostAddress();
        String user = System.getProperty("user.name", "parley").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, ACCOUNT_ID);
        properties.put("address", "sip:" + (user.isEmpty() ? "parley" : user) + "@" + host);
        properties.put("register", "false");
        properties.put("localAddress", host);
        properties.put("localPort", "5060");
        properties.put("keepAliveInterval", "0");
        configurations.getFactoryConfiguration(SipProtocolProvider.ACCOUNT_FACTORY_PID, ACCOUNT_ID, "?")
                .update(properties);
    }

    /**
     * The address other machines on the LAN reach this one at: the source address of the default
     * route (connecting a UDP socket sends nothing), or loopback on a machine without a network.
     */
    static InetAddress lanAddress() {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 9));
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : local;
        } catch (IOException | RuntimeException e) {
            return InetAddress.getLoopbackAddress();
        }
    }
}
