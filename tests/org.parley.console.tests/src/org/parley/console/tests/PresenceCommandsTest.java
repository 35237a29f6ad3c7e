package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.parley.contacts.internal.FileContacts;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;

/**
 * The console's presence commands through the real Gogo runtime: {@code parley:status} shows and
 * sets the own status per account, {@code parley:contacts} shows each contact's group and
 * presence, with clear errors for an unknown account, an account without presence and an unknown
 * status word.
 *
 * <p>
 * The SIP presence provider is not part of this test runtime, so the test registers its own small
 * {@link Presence} service ({@link RecordingPresence}) with an account id and capability
 * {@code presence}, as a provider does: the console is a consumer of the Presence API, and what is
 * tested here is how it finds the service and formats what the service says.
 */
class PresenceCommandsTest {

    private final BundleContext context = FrameworkUtil.getBundle(PresenceCommandsTest.class).getBundleContext();
    private final TestServices services = new TestServices(context);
    private ConsoleSession console;

    @BeforeEach
    void startConsole() throws Exception {
        console = new ConsoleSession(context);
    }

    @AfterEach
    void unregisterAndClose() {
        services.close();
        console.close();
    }

    @Test
    void statusShowsTheOwnStatusPerAccountAndSetsItThroughThatAccountsPresence() throws Exception {
        RecordingPresence work = new RecordingPresence(PresenceStatus.of(Availability.AVAILABLE));
        RecordingPresence home = new RecordingPresence(
                new PresenceStatus(Availability.AWAY, Optional.of("walking the dog")));
        services.register(Presence.class, work, ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "presence");
        services.register(Presence.class, home, ServiceProperties.ACCOUNT_ID, "home", ServiceProperties.CAPABILITY, "presence");

        String all = console.run("parley:status");
        assertTrue(all.lines().anyMatch(line -> line.matches("work\\s+available\\s*")), all);
        assertTrue(all.lines().anyMatch(line -> line.matches("home\\s+away\\s+walking the dog")), all);
        assertEquals("home away: walking the dog", console.run("parley:status home"));

        assertEquals("work busy: in a meeting until 3", console.run("parley:status work busy in a meeting until 3"));
        assertEquals(List.of(new PresenceStatus(Availability.BUSY, Optional.of("in a meeting until 3"))),
                work.published, "published through work's Presence");
        assertTrue(home.published.isEmpty(), "home's Presence is not touched");
        assertTrue(console.run("parley:status").lines()
                .anyMatch(line -> line.matches("work\\s+busy\\s+in a meeting until 3")));

        assertEquals("work dnd", console.run("parley:status work DND"));
        assertEquals("work offline", console.run("parley:status work offline"));
        assertEquals(List.of(Availability.BUSY, Availability.DO_NOT_DISTURB, Availability.OFFLINE),
                work.published.stream().map(PresenceStatus::availability).toList());
        assertEquals(Optional.empty(), work.published.get(2).note(), "no note words, no note");
    }

    @Test
    void statusExplainsAnUnknownAccountAnAccountWithoutPresenceAndAnUnknownStatusWord() throws Exception {
        services.register(Account.class, FixedAccount.of(new AccountId("nopresence")),
                ServiceProperties.ACCOUNT_ID, "nopresence", ServiceProperties.PROTOCOL, "sip");
        RecordingPresence work = new RecordingPresence(PresenceStatus.of(Availability.AVAILABLE));
        services.register(Presence.class, work, ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "presence");

        assertTrue(console.run("parley:status").lines()
                .anyMatch(line -> line.matches("nopresence\\s+\\(no presence\\)\\s*")), "listed, without presence");
        RecordingPresence stray = new RecordingPresence(PresenceStatus.of(Availability.AVAILABLE));
        services.register(Presence.class, stray, ServiceProperties.ACCOUNT_ID, "stray");
        console.assertFails("no account stray", "parley:status stray away");
        assertTrue(stray.published.isEmpty(), "a Presence without capability=presence is not used");
        console.assertFails("no account nowhere", "parley:status nowhere away");
        console.assertFails("account nopresence has no presence", "parley:status nopresence away");
        console.assertFails("unknown status 'sleepy': use available, busy, dnd, away, offline", "parley:status work sleepy");
        assertTrue(work.published.isEmpty(), "nothing published after an error");
    }

    @Test
    void contactsShowTheirGroupsAndPresenceAndUnknownWhenNothingIsKnown(@TempDir Path lists) throws Exception {
        services.register(Contacts.class, new FileContacts(lists), Constants.SERVICE_RANKING, 100);
        Address bob = new Address("sip:bob@example.org");
        Address carol = new Address("sip:carol@example.org");
        console.run("parley:contact add work bob@example.org Bob Friends,Team");
        console.run("parley:contact add work carol@example.org");

        String withoutPresence = console.run("parley:contacts work");
        assertTrue(withoutPresence.lines().anyMatch(line -> line.matches(
                "Bob\\s+sip:bob@example\\.org\\s+Friends,Team\\s+unknown")), withoutPresence);

        RecordingPresence work = new RecordingPresence(PresenceStatus.of(Availability.AVAILABLE));
        work.known.put(bob, new PresenceStatus(Availability.AWAY, Optional.of("back at 3")));
        services.register(Presence.class, work, ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "presence");

        String listed = console.run("parley:contacts work");
        assertTrue(listed.startsWith("NAME"), listed);
        assertTrue(listed.lines().anyMatch(line -> line.matches(
                "Bob\\s+sip:bob@example\\.org\\s+Friends,Team\\s+away: back at 3")), listed);
        assertTrue(listed.lines().anyMatch(line -> line.matches(
                "-\\s+sip:carol@example\\.org\\s+-\\s+unknown")), listed);

        work.known.put(carol, PresenceStatus.of(Availability.ON_THE_PHONE));
        String all = console.run("parley:contacts");
        assertTrue(all.lines().anyMatch(line -> line.matches(
                "work\\s+-\\s+sip:carol@example\\.org\\s+-\\s+on-the-phone")), all);
        assertTrue(all.lines().anyMatch(line -> line.matches(
                "work\\s+Bob\\s+sip:bob@example\\.org\\s+Friends,Team\\s+away: back at 3")), all);
    }

    @Test
    void theConsolePrintsPresenceChangesAsAWhiteboardListener() throws Exception {
        assertTrue(ConsoleSession.registeredByConsole(context, PresenceListener.class),
                "the console's event printer is a PresenceListener service");
    }

    /** A test-only Presence: remembers what it published, knows the statuses the test gives it. */
    private static final class RecordingPresence implements Presence {
        final List<PresenceStatus> published = new CopyOnWriteArrayList<>();
        final Map<Address, PresenceStatus> known = new ConcurrentHashMap<>();
        private volatile PresenceStatus own;

        RecordingPresence(PresenceStatus own) {
            this.own = own;
        }

        @Override
        public void publish(PresenceStatus status) {
            published.add(status);
            own = status;
        }

        @Override
        public PresenceStatus ownStatus() {
            return own;
        }

        @Override
        public void watch(Address contact) {
        }

        @Override
        public void unwatch(Address contact) {
        }

        @Override
        public Optional<PresenceStatus> statusOf(Address contact) {
            return Optional.ofNullable(known.get(contact));
        }
    }
}
