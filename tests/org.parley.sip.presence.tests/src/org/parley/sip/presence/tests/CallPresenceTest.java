package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * The status follows the calls: bob calls carol through a real Kamailio with its presence modules
 * while alice watches bob there; alice sees bob on the phone during the call and what bob chose
 * once it ends.
 */
class CallPresenceTest {

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-call-presence",
            Map.of("alice", "alice-pw", "bob", "bob-pw", "carol", "carol-pw"), builder -> builder.presence(true));

    private final BundleContext context = FrameworkUtil.getBundle(CallPresenceTest.class).getBundleContext();
    private AccountFixture accounts;
    private PresenceEvents atAlice;
    private Presence bob;

    @BeforeEach
    void accounts() throws Exception {
        accounts = new AccountFixture();
        String registrar = kamailio.host() + ":" + kamailio.udpPort();
        Map<String, String> quiet = Map.of("audioSource", "tone:1000", "audioSink", "discard", "localAddress", "127.0.0.1");
        for (String user : new String[] { "alice", "bob", "carol" }) {
            Map<String, String> settings = new java.util.HashMap<>(quiet);
            settings.put("sipTrace", "true");
            settings.put("sipTraceFile", AccountFixture.WORK.resolve("trace-call-presence-" + user + ".log").toString());
            if (user.equals("carol")) {
                settings.put("autoAnswer", "true");
            }
            accounts.createRegistered(user, kamailio.sipUri(user), user + "-pw", registrar, settings);
        }
        atAlice = new PresenceEvents(context, "alice", new Address(kamailio.sipUri("bob")));
        bob = PresenceEvents.presence(context, "bob");
    }

    @AfterEach
    void cleanUp() throws Exception {
        atAlice.close();
        accounts.close();
    }

    @Test
    void whileACallIsUpTheStatusSaysOnThePhoneWithTheNoteAndRevertsAfter() throws Exception {
        PresenceStatus atMyDesk = new PresenceStatus(Availability.AVAILABLE, Optional.of("at my desk"));
        bob.publish(atMyDesk);
        PresenceEvents.presence(context, "alice").watch(new Address(kamailio.sipUri("bob")));
        atAlice.await(atMyDesk);

        Call call = accounts.telephony("bob").call(new Address(kamailio.sipUri("carol")));
        PresenceStatus onThePhone = new PresenceStatus(Availability.ON_THE_PHONE, Optional.of("at my desk"));
        atAlice.await(onThePhone);
        assertEquals(onThePhone, bob.ownStatus(), "bob's own status while the call is up");

        call.hangUp();
        atAlice.await(atMyDesk);
        assertEquals(atMyDesk, bob.ownStatus(), "bob's own status after the call");
    }

    @Test
    void aStatusChosenDuringACallIsShownWithTheCallAndAloneAfterIt() throws Exception {
        bob.publish(PresenceStatus.of(Availability.AVAILABLE));
        PresenceEvents.presence(context, "alice").watch(new Address(kamailio.sipUri("bob")));
        atAlice.await(PresenceStatus.of(Availability.AVAILABLE));

        Call call = accounts.telephony("bob").call(new Address(kamailio.sipUri("carol")));
        atAlice.await(PresenceStatus.of(Availability.ON_THE_PHONE));
        bob.publish(new PresenceStatus(Availability.BUSY, Optional.of("in a meeting")));
        atAlice.await(new PresenceStatus(Availability.ON_THE_PHONE, Optional.of("in a meeting")));

        call.hangUp();
        atAlice.await(new PresenceStatus(Availability.BUSY, Optional.of("in a meeting")));
    }

    @Test
    void aCallUpWhenThePresenceBundleStartsIsShown() throws Exception {
        Call call = accounts.telephony("bob").call(new Address(kamailio.sipUri("carol")));
        awaitTrue(() -> call.state() == CallState.CONNECTED, "bob's call is connected");
        Bundle presenceBundle = Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.sip.presence")).findFirst().orElseThrow();
        presenceBundle.stop();
        presenceBundle.start();

        Presence restarted = PresenceEvents.presence(context, "bob");
        PresenceStatus back = new PresenceStatus(Availability.AVAILABLE, Optional.of("back"));
        restarted.publish(back);
        assertEquals(new PresenceStatus(Availability.ON_THE_PHONE, Optional.of("back")), restarted.ownStatus(),
                "the call that was up before the bundle started counts");
        call.hangUp();
        awaitTrue(() -> restarted.ownStatus().equals(back), "bob's chosen status once the call ended");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PresenceEvents.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + PresenceEvents.TIMEOUT.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
