package org.parley.xmpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.prosody.ProsodyServer;

/**
 * The second protocol provider (org.parley.xmpp, Smack) against a real Prosody the test starts on loopback:
 * accounts log in, watch each other through their contact lists and exchange messages through the same
 * capability services (Account, Presence, Messaging) and events as SIP accounts; a wrong password and a
 * server that goes away are told as registration failures; stopping the bundle takes its services away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XmppProviderTest {

    private static final String FACTORY_PID = "org.parley.xmpp.account";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, String> USERS = Map.of("alice", "alice-secret", "bob", "bob-secret",
            "carol", "carol-secret", "dave", "dave-secret");

    private static ProsodyServer prosody;
    private static AccountFixture fixture;
    private static final List<Configuration> CREATED = new ArrayList<>();
    /** Every presence event, in order; a wait looks at those after a mark, so that none is lost to another wait. */
    private static final List<PresenceEvent> PRESENCE = new ArrayList<>();
    private static final LinkedBlockingQueue<MessageEvent> MESSAGES = new LinkedBlockingQueue<>();
    private static ServiceRegistration<?> listening;

    @BeforeAll
    static void startProsody() throws Exception {
        Files.createDirectories(AccountFixture.WORK);
        // a server without the rosters and stored messages of an earlier run
        Path work = AccountFixture.WORK.resolve("prosody");
        if (Files.exists(work)) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        prosody = ProsodyServer.start(work, USERS);
        fixture = new AccountFixture();
        // nor the contact lists of an earlier run
        Contacts contacts = fixture.service(Contacts.class);
        for (String user : USERS.keySet()) {
            for (String other : USERS.keySet()) {
                contacts.remove(new AccountId(user), address(other));
            }
        }
        listening = fixture.context.registerService(new String[] { PresenceListener.class.getName(),
                MessageListener.class.getName() }, new Listener(), new Hashtable<>());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Configuration configuration : CREATED) {
            try {
                configuration.delete();
            } catch (IllegalStateException gone) {
                // deleted by the test
            }
        }
        if (listening != null) {
            listening.unregister();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    /** Hears every presence and message event, for the tests to wait on. */
    private static final class Listener implements PresenceListener, MessageListener {
        @Override
        public void presenceChanged(PresenceEvent event) {
            synchronized (PRESENCE) {
                PRESENCE.add(event);
                PRESENCE.notifyAll();
            }
        }

        @Override
        public void messageChanged(MessageEvent event) {
            MESSAGES.add(event);
        }
    }

    @Test
    @Order(1)
    void accountsLogInAndOfferPresenceAndMessaging() throws Exception {
        create("alice", "alice", USERS.get("alice"));
        create("bob", "bob", USERS.get("bob"));
        fixture.await("alice", AccountFixture::registered, "logged in");
        fixture.await("bob", AccountFixture::registered, "logged in");
        Account alice = fixture.account("alice");
        assertEquals("xmpp", alice.protocol());
        assertEquals(new Address("xmpp:" + prosody.jid("alice")), alice.address());
        for (String id : List.of("alice", "bob")) {
            for (Class<?> capability : List.of(Presence.class, Messaging.class)) {
                assertTrue(awaitService(capability, id).isPresent(), id + " offers " + capability.getSimpleName());
            }
        }
    }

    @Test
    @Order(2)
    void contactsSeeEachOthersStatusAndNote() throws Exception {
        Contacts contacts = fixture.service(Contacts.class);
        int before = mark();
        contacts.put(new AccountId("alice"), Contact.of(address("bob"), "Bob"));
        contacts.put(new AccountId("bob"), Contact.of(address("alice"), "Alice"));
        awaitPresence(before, "alice", "bob", status -> status.availability() == Availability.AVAILABLE,
                "alice sees bob available");
        awaitPresence(before, "bob", "alice", status -> status.availability() == Availability.AVAILABLE,
                "bob sees alice available");

        Presence bob = awaitService(Presence.class, "bob").orElseThrow();
        int since = mark();
        bob.publish(new PresenceStatus(Availability.AWAY, Optional.of("back at 3")));
        PresenceEvent away = awaitPresence(since, "alice", "bob", status -> status.availability() == Availability.AWAY,
                "alice sees bob away");
        assertEquals(Optional.of("back at 3"), away.status().note(), "the note comes with the status");
        assertEquals(Availability.AWAY, awaitService(Presence.class, "alice").orElseThrow().statusOf(address("bob"))
                .orElseThrow().availability(), "alice's presence service answers bob's status");
        since = mark();
        bob.publish(PresenceStatus.of(Availability.BUSY));
        awaitPresence(since, "alice", "bob", status -> status.availability() == Availability.BUSY, "alice sees bob busy");
        since = mark();
        bob.publish(PresenceStatus.of(Availability.OFFLINE));
        awaitPresence(since, "alice", "bob", status -> status.availability() == Availability.OFFLINE,
                "alice sees bob offline");
        since = mark();
        bob.publish(PresenceStatus.of(Availability.AVAILABLE));
        awaitPresence(since, "alice", "bob", status -> status.availability() == Availability.AVAILABLE,
                "alice sees bob available again");
    }

    @Test
    @Order(3)
    void messagesGoBothWaysAndAreDelivered() throws Exception {
        Messaging alice = awaitService(Messaging.class, "alice").orElseThrow();
        Messaging bob = awaitService(Messaging.class, "bob").orElseThrow();
        String text = "Hello Bob — ü, 中文 and 👋";
        MessageId sent = alice.send(address("bob"), text);
        MessageEvent.Received received = awaitMessage(MessageEvent.Received.class,
                event -> event.account().value().equals("bob") && event.text().equals(text), "bob receives alice's message");
        assertEquals(address("alice"), received.peer(), "from alice");
        MessageEvent.DeliveryChanged delivered = awaitMessage(MessageEvent.DeliveryChanged.class,
                event -> event.message().equals(sent) && !(event.state() instanceof DeliveryState.Sending),
                "alice's message is delivered");
        assertInstanceOf(DeliveryState.Delivered.class, delivered.state(), "delivered: " + delivered);

        bob.send(address("alice"), "Hi Alice");
        awaitMessage(MessageEvent.Received.class,
                event -> event.account().value().equals("alice") && event.text().equals("Hi Alice"), "alice receives bob's answer");

        alice.setTyping(address("bob"), true);
        awaitMessage(MessageEvent.Composing.class, event -> event.account().value().equals("bob") && event.typing(),
                "bob sees alice typing");
        assertThrows(IllegalArgumentException.class, () -> alice.send(address("bob"), " "), "an empty text is refused");
        assertThrows(IllegalArgumentException.class, () -> alice.send(new Address("sip:bob@127.0.0.1"), "hi"),
                "a SIP address is refused by an XMPP account");
    }

    @Test
    @Order(4)
    void aWrongPasswordIsToldAndTheRightOneLogsIn() throws Exception {
        create("carol", "carol", "not-carols-password");
        RegistrationState failed = fixture.await("carol", state -> state instanceof RegistrationState.Failed,
                "refused").current();
        assertEquals(RegistrationState.FailureReason.WRONG_CREDENTIALS, ((RegistrationState.Failed) failed).reason(),
                "the failure says the password is wrong: " + failed);
        fixture.service(CredentialStore.class).storePassword(new AccountId("carol"), USERS.get("carol").toCharArray());
        fixture.account("carol").register();
        fixture.await("carol", AccountFixture::registered, "logged in with the right password");
    }

    @Test
    @Order(5)
    void aCertificateNoAuthorityVouchesForIsShownAndTrustedThisTimeOrAlways() throws Exception {
        create("dave", "dave", USERS.get("dave"), "required");
        RegistrationState.Failed refused = (RegistrationState.Failed) fixture.await("dave",
                state -> state instanceof RegistrationState.Failed, "refused over TLS").current();
        assertEquals(RegistrationState.FailureReason.CERTIFICATE_NOT_TRUSTED, refused.reason(), refused.toString());
        ServerCertificate shown = refused.certificate().orElseThrow(() -> new AssertionError("no certificate: " + refused));
        assertEquals(fingerprint(prosody.tlsCertificate()), shown.fingerprint(), "the certificate Prosody presented");
        assertTrue(shown.selfSigned(), "self-signed: " + shown);
        assertTrue(refused.retryAt().isEmpty(), "no retry: the same certificate would come again");

        fixture.account("dave").trustCertificateThisTime(shown);
        fixture.await("dave", AccountFixture::registered, "logged in over TLS, trusting the certificate this time");
        assertTrue(setting("dave", "tlsPinnedCertificate").isEmpty(), "trusted this time is not stored");

        fixture.account("dave").trustCertificate(shown);
        fixture.await("dave", AccountFixture::registered, "logged in again with the certificate pinned");
        assertEquals(Optional.of(shown.fingerprint()), setting("dave", "tlsPinnedCertificate"), "the pin is stored");

        Configuration dave = fixture.service(ConfigurationAdmin.class).listConfigurations("(parley.account.id=dave)")[0];
        Dictionary<String, Object> properties = dave.getProperties();
        properties.put("tlsPinnedCertificate", String.join(":", java.util.Collections.nCopies(32, "AB")));
        dave.update(properties);
        RegistrationState.Failed changed = (RegistrationState.Failed) fixture.await("dave",
                state -> state instanceof RegistrationState.Failed, "refused: another certificate is pinned").current();
        assertEquals(RegistrationState.FailureReason.CERTIFICATE_NOT_TRUSTED, changed.reason(), changed.toString());
        assertTrue(changed.detail().contains("changed"), "the failure says the certificate changed: " + changed);
    }

    /** The SHA-256 fingerprint of a PEM certificate, as ServerCertificate writes it. */
    private static String fingerprint(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            var certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            return java.util.HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
    }

    private static Optional<String> setting(String account, String key) throws Exception {
        Configuration[] found = fixture.service(ConfigurationAdmin.class)
                .listConfigurations("(parley.account.id=" + account + ")");
        return Optional.ofNullable(found[0].getProperties().get(key)).map(String::valueOf);
    }

    @Test
    @Order(6)
    void stoppingTheBundleTakesItsServicesAwayAndStartingBringsThemBack() throws Exception {
        Bundle xmpp = bundle("org.parley.xmpp");
        xmpp.stop();
        try {
            assertFalse(fixture.accountRegistered("alice"), "alice's account left with the bundle");
            assertTrue(fixture.context.getServiceReferences(Presence.class,
                    "(" + ServiceProperties.ACCOUNT_ID + "=alice)").isEmpty(), "alice's presence left with the bundle");
        } finally {
            xmpp.start();
        }
        fixture.await("alice", AccountFixture::registered, "logged in again");
        assertTrue(awaitService(Messaging.class, "alice").isPresent(), "alice's messaging is back");
        int since = mark();
        awaitService(Presence.class, "bob").orElseThrow().publish(new PresenceStatus(Availability.AWAY, Optional.of("lunch")));
        awaitPresence(since, "alice", "bob", status -> status.note().equals(Optional.of("lunch")), "alice watches bob again");
    }

    @Test
    @Order(7)
    void aServerThatGoesAwayIsToldAsUnreachable() throws Exception {
        prosody.close();
        RegistrationState lost = fixture.await("alice", state -> state instanceof RegistrationState.Failed,
                "cut off", TIMEOUT).current();
        assertEquals(RegistrationState.FailureReason.UNREACHABLE, ((RegistrationState.Failed) lost).reason(),
                "the failure says the server is unreachable: " + lost);
        assertTrue(((RegistrationState.Failed) lost).retryAt().isPresent(), "and when it tries again");
        MessageId queued = awaitService(Messaging.class, "alice").orElseThrow().send(address("bob"), "are you there");
        MessageEvent.DeliveryChanged failed = awaitMessage(MessageEvent.DeliveryChanged.class,
                event -> event.message().equals(queued) && event.state() instanceof DeliveryState.Failed,
                "a message without a server fails");
        assertTrue(((DeliveryState.Failed) failed.state()).reason().contains("not connected"), failed.toString());
    }

    private void create(String id, String user, String password) throws Exception {
        create(id, user, password, "disabled");
    }

    private void create(String id, String user, String password, String security) throws Exception {
        fixture.service(CredentialStore.class).storePassword(new AccountId(id), password.toCharArray());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, id);
        properties.put("address", "xmpp:" + prosody.jid(user));
        properties.put("server", "127.0.0.1:" + prosody.port());
        properties.put("security", security);
        Configuration configuration = fixture.service(ConfigurationAdmin.class).getFactoryConfiguration(FACTORY_PID, id, "?");
        configuration.update(properties);
        CREATED.add(configuration);
    }

    private static Address address(String user) {
        return new Address("xmpp:" + prosody.jid(user));
    }

    private static <T> Optional<T> awaitService(Class<T> type, String account) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var references = fixture.context.getServiceReferences(type, "(" + ServiceProperties.ACCOUNT_ID + "=" + account + ")");
            if (!references.isEmpty()) {
                return Optional.ofNullable(fixture.context.getService(references.iterator().next()));
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    private static int mark() {
        synchronized (PRESENCE) {
            return PRESENCE.size();
        }
    }

    /** The first presence event from {@code since} on of the account about the contact with a wanted status. */
    private static PresenceEvent awaitPresence(int since, String account, String contact, Predicate<PresenceStatus> wanted,
            String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        synchronized (PRESENCE) {
            while (true) {
                for (PresenceEvent event : PRESENCE.subList(since, PRESENCE.size())) {
                    if (event.account().value().equals(account) && event.contact().equals(address(contact))
                            && wanted.test(event.status())) {
                        return event;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return fail(what + ": not within " + TIMEOUT.toSeconds() + " s; presence events: "
                            + PRESENCE.subList(since, PRESENCE.size()));
                }
                PRESENCE.wait(left);
            }
        }
    }

    private static <E extends MessageEvent> E awaitMessage(Class<E> type, Predicate<E> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<MessageEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            MessageEvent event = MESSAGES.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (type.isInstance(event) && wanted.test(type.cast(event))) {
                return type.cast(event);
            }
        }
        return fail(what + ": not within " + TIMEOUT.toSeconds() + " s; message events: " + seen);
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle bundle : fixture.context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return fail("no bundle " + symbolicName + " in the test runtime");
    }
}
