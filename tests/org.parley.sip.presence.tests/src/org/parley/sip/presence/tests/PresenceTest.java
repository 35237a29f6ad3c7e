package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;
import org.parley.testkit.kamailio.KamailioServer;

/** Two accounts on a real Kamailio with its presence modules: one publishes, the other watches. */
class PresenceTest {

    private static final Path WORK = Path.of(System.getProperty("parley.test.work", "target/work-presence"));
    private static final long TIMEOUT_MS = 15_000;
    private static KamailioServer kamailio;

    private final BundleContext context = FrameworkUtil.getBundle(PresenceTest.class).getBundleContext();
    private final List<Configuration> created = new ArrayList<>();
    private final List<ServiceRegistration<?>> registered = new ArrayList<>();

    @BeforeAll
    static void startKamailio() throws Exception {
        Files.createDirectories(WORK);
        kamailio = KamailioServer.builder(WORK.resolve("presence")).users(Map.of("alice", "alice-pw", "bob", "bob-pw", "carol", "carol-pw"))
                .presence(true).start();
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @AfterEach
    void removeAccounts() throws Exception {
        registered.forEach(ServiceRegistration::unregister);
        for (Configuration configuration : created) {
            configuration.delete();
        }
        // Configuration Admin tells SCR on its own thread: the next test's accounts of the same ids
        // must not meet these on their way out
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String ours = "(|(" + ServiceProperties.ACCOUNT_ID + "=alice)(" + ServiceProperties.ACCOUNT_ID + "=bob)("
                + ServiceProperties.ACCOUNT_ID + "=carol))";
        while (!context.getServiceReferences(Presence.class, ours).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aWatcherSeesWhatItsContactPublishesAndEachChange() throws Exception {
        Presence alice = account("alice", "alice-pw");
        Presence bob = account("bob", "bob-pw");
        BlockingQueue<PresenceEvent> atBob = listen("bob");
        Address aliceAddress = new Address(kamailio.sipUri("alice"));

        alice.publish(new PresenceStatus(Availability.AWAY, Optional.of("at lunch")));
        bob.watch(aliceAddress);
        await(atBob, new PresenceStatus(Availability.AWAY, Optional.of("at lunch")));
        assertEquals(Optional.of(new PresenceStatus(Availability.AWAY, Optional.of("at lunch"))), bob.statusOf(aliceAddress));

        alice.publish(PresenceStatus.of(Availability.ON_THE_PHONE));
        await(atBob, PresenceStatus.of(Availability.ON_THE_PHONE));

        alice.publish(PresenceStatus.of(Availability.OFFLINE));
        await(atBob, PresenceStatus.of(Availability.OFFLINE));
    }

    @Test
    void theOwnStatusIsRemovedFromTheServerWhenTheAccountStops() throws Exception {
        Presence alice = account("alice", "alice-pw");
        Configuration aliceAccount = created.get(created.size() - 1);
        Presence bob = account("bob", "bob-pw");
        BlockingQueue<PresenceEvent> atBob = listen("bob");
        alice.publish(new PresenceStatus(Availability.AVAILABLE, Optional.of("here")));
        bob.watch(new Address(kamailio.sipUri("alice")));
        await(atBob, new PresenceStatus(Availability.AVAILABLE, Optional.of("here")));

        created.remove(aliceAccount);
        aliceAccount.delete();
        await(atBob, PresenceStatus.of(Availability.OFFLINE));
        String trace = Files.readString(WORK.resolve("trace-alice.log"));
        java.util.regex.Matcher tags = java.util.regex.Pattern.compile("(?m)^SIP-ETag: *(\\S+)").matcher(trace);
        String tag = null;
        while (tags.find()) {
            tag = tags.group(1);
        }
        assertNotNull(tag, "the server gave the publication an entity tag");
        String lastPublish = trace.substring(trace.lastIndexOf("PUBLISH sip:alice@"));
        lastPublish = lastPublish.substring(0, lastPublish.indexOf("\n---") < 0 ? lastPublish.length() : lastPublish.indexOf("\n---"));
        assertTrue(lastPublish.contains("\nExpires: 0") && lastPublish.contains("\nSIP-If-Match: " + tag),
                "the last PUBLISH removes the publication by its entity tag: " + lastPublish);
    }

    @Test
    void aContactAddedToTheListIsWatchedWithoutBeingAskedFor() throws Exception {
        Presence alice = account("alice", "alice-pw");
        account("bob", "bob-pw");
        BlockingQueue<PresenceEvent> atBob = listen("bob");
        alice.publish(new PresenceStatus(Availability.BUSY, Optional.of("in a meeting")));
        Contacts contacts = service(Contacts.class);
        Address aliceAddress = new Address(kamailio.sipUri("alice"));
        contacts.put(new AccountId("bob"), Contact.of(aliceAddress, "Alice"));
        try {
            await(atBob, new PresenceStatus(Availability.BUSY, Optional.of("in a meeting")));
        } finally {
            contacts.remove(new AccountId("bob"), aliceAddress);
        }
    }

    @Test
    void stoppingThePresenceBundleRemovesPresenceAndStartingItBringsItBack() throws Exception {
        account("carol", "carol-pw");
        Bundle presence = java.util.Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.sip.presence")).findFirst().orElseThrow();
        presence.stop();
        try {
            assertEquals(0, context.getServiceReferences(Presence.class, "(" + ServiceProperties.ACCOUNT_ID + "=carol)").size(),
                    "no Presence service while the presence bundle is stopped");
        } finally {
            presence.start();
        }
        ServiceTracker<Presence, Presence> tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                + Presence.class.getName() + ")(" + ServiceProperties.ACCOUNT_ID + "=carol))"), null);
        tracker.open();
        assertNotNull(tracker.waitForService(TIMEOUT_MS), "the Presence service is back with the bundle");
        tracker.close();
    }

    private Presence account(String user, String password) throws Exception {
        service(CredentialStore.class).storePassword(new AccountId(user), password.toCharArray());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, user);
        properties.put("address", kamailio.sipUri(user));
        properties.put("registrar", kamailio.host() + ":" + kamailio.udpPort());
        properties.put("localAddress", "127.0.0.1");
        properties.put("sipTrace", "true");
        properties.put("sipTraceFile", WORK.resolve("trace-" + user + ".log").toString());
        Configuration configuration = service(ConfigurationAdmin.class).getFactoryConfiguration("org.parley.sip.account", user, "?");
        configuration.update(properties);
        created.add(configuration);
        ServiceTracker<Presence, Presence> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + Presence.class.getName() + ")(" + ServiceProperties.ACCOUNT_ID + "=" + user + "))"),
                null);
        tracker.open();
        Presence presence = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(presence, "a Presence service for " + user);
        return presence;
    }

    private BlockingQueue<PresenceEvent> listen(String account) {
        BlockingQueue<PresenceEvent> events = new LinkedBlockingQueue<>();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, account);
        registered.add(context.registerService(PresenceListener.class, (PresenceListener) events::add, properties));
        return events;
    }

    private static void await(BlockingQueue<PresenceEvent> events, PresenceStatus wanted) throws InterruptedException {
        List<PresenceEvent> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            PresenceEvent event = events.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (event.status().equals(wanted)) {
                return;
            }
        }
        fail("no " + wanted + " within " + TIMEOUT_MS + " ms; seen: " + seen);
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(service, type.getSimpleName());
        return service;
    }
}
