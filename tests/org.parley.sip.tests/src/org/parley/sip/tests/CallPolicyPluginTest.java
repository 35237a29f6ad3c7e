package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.Address;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;

/**
 * The example headless plugin {@code org.parley.example.autoanswer}, started and stopped in the
 * running framework: while it runs, calls to the account it is configured for are answered by
 * themselves (or turned away as busy in do-not-disturb mode); once its bundle stops, they ring.
 */
class CallPolicyPluginTest {

    private static final Path WORK = AccountFixture.WORK.resolve("call-policy");
    private static final String PID = "org.parley.example.autoanswer";

    @RegisterExtension
    final LoopbackCalls loopback = new LoopbackCalls(WORK);

    private final BundleContext context = FrameworkUtil.getBundle(CallPolicyPluginTest.class).getBundleContext();
    private final Bundle plugin = Arrays.stream(context.getBundles())
            .filter(bundle -> bundle.getSymbolicName().equals("org.parley.example.autoanswer")).findFirst()
            .orElseThrow(() -> new AssertionError("the example plugin is installed"));

    @AfterEach
    void stopThePlugin() throws Exception {
        plugin.stop();
        Configuration configuration = configurations().getConfiguration(PID, "?");
        if (configuration.getProperties() != null) {
            configuration.delete();
        }
    }

    @Test
    void whileThePluginRunsCallsAreAnsweredAndOnceItStopsTheyRing() throws Exception {
        assertNotEquals(Bundle.ACTIVE, plugin.getState(), "installed, the plugin does nothing until it is started");
        Telephony alice = loopback.account("alice", Map.of());
        loopback.account("bob", Map.of());
        configure(Map.of("mode", "ANSWER", "accounts", new String[] { loopback.accountId("bob") }));
        plugin.start();

        Call answered = alice.call(bobsAddress());
        Call answeredAtBob = loopback.incomingAt("bob");
        loopback.events("alice").awaitState(CallState.CONNECTED);
        // bob's side is connected once alice's ACK arrives, a moment after alice's
        loopback.events("bob").awaitState(CallState.CONNECTED);
        assertEquals(CallState.CONNECTED, answeredAtBob.state(), "the plugin answered for bob");
        answered.hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> true, "the first call's end");

        plugin.stop();
        Call ringing = alice.call(bobsAddress());
        Call atBob = loopback.incomingAt("bob");
        Thread.sleep(1500);
        assertEquals(CallState.INCOMING, atBob.state(), "with the plugin stopped the call rings and waits");
        ringing.hangUp();
        loopback.events("bob").await(CallEvent.Ended.class, e -> e.call().equals(atBob.id()), "the second call's end");
    }

    @Test
    void inDoNotDisturbModeCallsAreTurnedAwayAsBusy() throws Exception {
        Telephony alice = loopback.account("alice", Map.of());
        loopback.account("bob", Map.of());
        configure(Map.of("mode", "DO_NOT_DISTURB", "accounts", new String[] { loopback.accountId("bob") }));
        plugin.start();

        alice.call(bobsAddress());
        CallEvent.Ended end = loopback.events("alice").await(CallEvent.Ended.class, e -> true, "the caller's end");
        assertEquals(EndReason.REJECTED, end.reason(), end.detail());
        assertTrue(end.detail().startsWith("486"), "busy: " + end.detail());
    }

    private Address bobsAddress() throws Exception {
        return new Address("sip:bob@127.0.0.1:" + configurations().listConfigurations(
                "(parley.account.id=" + loopback.accountId("bob") + ")")[0].getProperties().get("localPort"));
    }

    private void configure(Map<String, Object> settings) throws Exception {
        configurations().getConfiguration(PID, "?").update(new Hashtable<>(settings));
    }

    private ConfigurationAdmin configurations() {
        return context.getService(context.getServiceReference(ConfigurationAdmin.class));
    }
}
