package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherListener;
import org.parley.core.presence.watchers.WatcherState;
import org.parley.core.presence.watchers.Watchers;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.sipp.Sipp;

/**
 * Presence without a server: two serverless accounts in one framework (no registration, each on
 * its own loopback port), alice watching bob straight at bob's address; bob's account serves the
 * subscription as its presence policy says.
 */
class PeerToPeerPresenceTest {

    private final BundleContext context = FrameworkUtil.getBundle(PeerToPeerPresenceTest.class).getBundleContext();
    private AccountFixture accounts;
    private Configuration bobAccount;
    private Address bobAddress;
    private Address aliceAddress;
    private PresenceEvents atAlice;
    private final BlockingQueue<Watcher> asked = new LinkedBlockingQueue<>();
    private ServiceRegistration<WatcherListener> askedListener;

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, "bob");
        askedListener = context.registerService(WatcherListener.class, asked::add, properties);
    }

    @AfterEach
    void cleanUp() throws Exception {
        askedListener.unregister();
        if (atAlice != null) {
            atAlice.close();
        }
        accounts.close();
    }

    /** Creates alice and bob (bob with {@code policy}, or the default when empty) and alice's listener. */
    private void createAccounts(Optional<String> policy) throws Exception {
        int alicePort = freePort();
        int bobPort = freePort();
        aliceAddress = new Address("sip:alice@127.0.0.1:" + alicePort);
        bobAddress = new Address("sip:bob@127.0.0.1:" + bobPort);
        accounts.create("alice", "sip:alice@127.0.0.1", null, serverless("alice", alicePort));
        Map<String, String> bob = serverless("bob", bobPort);
        policy.ifPresent(value -> bob.put("presencePolicy", value));
        bobAccount = accounts.create("bob", "sip:bob@127.0.0.1", null, bob);
        atAlice = new PresenceEvents(context, "alice", bobAddress);
    }

    private Map<String, String> serverless(String user, int port) {
        Map<String, String> settings = new HashMap<>();
        settings.put("register", "false");
        settings.put("localAddress", "127.0.0.1");
        settings.put("localPort", String.valueOf(port));
        settings.put("keepAliveInterval", "0");
        settings.put("sipTrace", "true");
        settings.put("sipTraceFile", trace(user).toString());
        return settings;
    }

    /** The account's SIP trace, one per test. */
    private Path trace(String user) {
        return AccountFixture.WORK.resolve("trace-p2p-" + user + "-" + bobAddress.uri().replaceFirst(".*:", "") + ".log");
    }

    @Test
    void aWatcherSeesAPeerSStatusEachChangeAndOfflineWhenThePeerStops() throws Exception {
        createAccounts(Optional.of("accept"));
        Presence bob = PresenceEvents.presence(context, "bob");
        Presence alice = PresenceEvents.presence(context, "alice");
        bob.publish(PresenceStatus.of(Availability.AVAILABLE));
        alice.watch(bobAddress);
        atAlice.await(PresenceStatus.of(Availability.AVAILABLE));

        PresenceStatus away = new PresenceStatus(Availability.AWAY, Optional.of("back at 3"));
        bob.publish(away);
        atAlice.await(away);
        assertEquals(Optional.of(away), alice.statusOf(bobAddress));
        List<Watcher> watchers = PresenceEvents.service(context, Watchers.class, "bob").list();
        assertEquals(1, watchers.size(), "bob has one watcher: " + watchers);
        assertEquals(WatcherState.ACTIVE, watchers.get(0).state());
        assertEquals("sip:alice@127.0.0.1", watchers.get(0).address().uri().replaceFirst(":\\d+$", ""));

        bobAccount.delete();
        atAlice.await(PresenceStatus.of(Availability.OFFLINE));
        assertTrue(Files.readString(trace("bob")).contains("Subscription-State: terminated;reason=probation"),
                "bob's last NOTIFY ends the subscription for now (probation: alice tries again later)");
        assertFalse(Files.readString(trace("bob")).contains("PUBLISH sip:"), "a serverless account PUBLISHes nothing");
    }

    @Test
    void unwatchingEndsTheSubscriptionAtThePeer() throws Exception {
        createAccounts(Optional.of("accept"));
        PresenceEvents.presence(context, "bob").publish(PresenceStatus.of(Availability.BUSY));
        Presence alice = PresenceEvents.presence(context, "alice");
        alice.watch(bobAddress);
        atAlice.await(PresenceStatus.of(Availability.BUSY));
        Watchers watchers = PresenceEvents.service(context, Watchers.class, "bob");
        assertEquals(1, watchers.list().size());

        alice.unwatch(bobAddress);
        long deadline = System.nanoTime() + PresenceEvents.TIMEOUT.toNanos();
        while (!watchers.list().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), watchers.list(), "the un-SUBSCRIBE (Expires 0) ended alice's subscription at bob");
        assertTrue(Files.readString(trace("bob")).contains("Subscription-State: terminated;reason=timeout"),
                "bob's final NOTIFY says terminated;reason=timeout");
    }

    @Test
    void aSilentWatcherIsRefreshedThenEndedWhenItsSubscriptionExpires() throws Exception {
        createAccounts(Optional.of("accept"));
        PresenceEvents.presence(context, "bob").publish(new PresenceStatus(Availability.AWAY, Optional.of("back at 3")));
        try (Sipp watcher = Sipp.scenario("uac-presence-watcher.xml").workDir(AccountFixture.WORK)
                .remote("127.0.0.1:" + bobAddress.uri().replaceFirst(".*:", "")).service("bob").start()) {
            Sipp.Result result = watcher.await(Duration.ofSeconds(40));
            assertTrue(result.succeeded(), "subscribed, notified, refreshed, notified, ended by timeout: " + result);
        }
        assertTrue(Files.readString(trace("bob")).contains("back at 3"), "the NOTIFYs carry bob's status");
        assertEquals(List.of(), PresenceEvents.service(context, Watchers.class, "bob").list(), "the expired watcher is gone");
    }

    @Test
    void aRefusingPeerLeavesItsStatusUnknown() throws Exception {
        createAccounts(Optional.of("refuse"));
        PresenceEvents.presence(context, "bob").publish(PresenceStatus.of(Availability.AVAILABLE));
        PresenceEvents.presence(context, "alice").watch(bobAddress);
        atAlice.await(PresenceStatus.of(Availability.UNKNOWN));
        assertEquals(List.of(PresenceStatus.of(Availability.UNKNOWN)), atAlice.seen(), "alice saw nothing but unknown");
        assertEquals(List.of(), PresenceEvents.service(context, Watchers.class, "bob").list(), "no watcher at bob");
        assertTrue(Files.readString(trace("bob")).contains("Subscription-State: terminated;reason=rejected"),
                "bob's NOTIFY says terminated;reason=rejected");
    }

    @Test
    void anAskingPeerShowsNothingUntilItsUserAllowsTheWatcher() throws Exception {
        createAccounts(Optional.of("ask"));
        Presence bob = PresenceEvents.presence(context, "bob");
        bob.publish(new PresenceStatus(Availability.AVAILABLE, Optional.of("hello")));
        PresenceEvents.presence(context, "alice").watch(bobAddress);
        atAlice.await(PresenceStatus.of(Availability.UNKNOWN));

        Watcher request = asked.poll(PresenceEvents.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(WatcherState.PENDING, request.state(), "bob's user is asked: " + request);
        assertEquals(new AccountId("bob"), request.account());
        Watchers watchers = PresenceEvents.service(context, Watchers.class, "bob");
        assertEquals(List.of(request), watchers.list());

        assertTrue(watchers.allow(request.address()), "a pending request was there to allow");
        atAlice.await(new PresenceStatus(Availability.AVAILABLE, Optional.of("hello")));
        assertEquals(WatcherState.ACTIVE, watchers.list().get(0).state());
        bob.publish(PresenceStatus.of(Availability.DO_NOT_DISTURB));
        atAlice.await(PresenceStatus.of(Availability.DO_NOT_DISTURB));
    }

    @Test
    void byDefaultContactsGetInAndOthersWaitUntilDenied() throws Exception {
        createAccounts(Optional.empty());
        Contacts contacts = accounts.service(Contacts.class);
        contacts.put(new AccountId("bob"), Contact.of(aliceAddress, "Alice"));
        try {
            PresenceEvents.presence(context, "bob").publish(PresenceStatus.of(Availability.AWAY));
            PresenceEvents.presence(context, "alice").watch(bobAddress);
            atAlice.await(PresenceStatus.of(Availability.AWAY));
            assertEquals(List.of(), List.copyOf(asked), "a contact is not asked about");
        } finally {
            contacts.remove(new AccountId("bob"), aliceAddress);
        }
        Watchers watchers = PresenceEvents.service(context, Watchers.class, "bob");
        assertTrue(watchers.deny(aliceAddress), "alice was watching");
        atAlice.await(PresenceStatus.of(Availability.UNKNOWN));
        assertEquals(List.of(), watchers.list());
    }

    @Test
    void aPendingWatcherWhoBecomesAContactIsLetIn() throws Exception {
        createAccounts(Optional.of("contacts"));
        PresenceEvents.presence(context, "bob").publish(new PresenceStatus(Availability.BUSY, Optional.of("writing")));
        PresenceEvents.presence(context, "alice").watch(bobAddress);
        atAlice.await(PresenceStatus.of(Availability.UNKNOWN));
        assertEquals(WatcherState.PENDING, asked.poll(PresenceEvents.TIMEOUT.toSeconds(), TimeUnit.SECONDS).state(),
                "alice is no contact of bob's: his user is asked");

        Contacts contacts = accounts.service(Contacts.class);
        contacts.put(new AccountId("bob"), Contact.of(aliceAddress, "Alice"));
        try {
            atAlice.await(new PresenceStatus(Availability.BUSY, Optional.of("writing")));
            assertEquals(WatcherState.ACTIVE, PresenceEvents.service(context, Watchers.class, "bob").list().get(0).state());
        } finally {
            contacts.remove(new AccountId("bob"), aliceAddress);
        }
    }

    @Test
    void aPeerIsAvailableAtItsFirstStartAndShowsTheStatusItsUserLastChoseAtTheNext() throws Exception {
        createAccounts(Optional.of("accept"));
        String id = "carol" + System.nanoTime();
        int port = freePort();
        Address carol = new Address("sip:" + id + "@127.0.0.1:" + port);
        Map<String, String> settings = serverless(id, port);
        settings.put("presencePolicy", "accept");
        Configuration account = accounts.create(id, "sip:" + id + "@127.0.0.1", null, settings);
        try (PresenceEvents atAliceOfCarol = new PresenceEvents(context, "alice", carol)) {
            PresenceEvents.presence(context, "alice").watch(carol);
            atAliceOfCarol.await(PresenceStatus.of(Availability.AVAILABLE));

            PresenceStatus lunch = new PresenceStatus(Availability.AWAY, Optional.of("at lunch"));
            PresenceEvents.presence(context, id).publish(lunch);
            atAliceOfCarol.await(lunch);
            Dictionary<String, Object> changed = account.getProperties();
            changed.put("keepAliveInterval", "1");
            account.update(changed);
            atAliceOfCarol.await(PresenceStatus.of(Availability.OFFLINE));
            atAliceOfCarol.await(lunch, java.time.Duration.ofSeconds(30));
        } finally {
            account.delete();
        }
    }

    private static int freePort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
