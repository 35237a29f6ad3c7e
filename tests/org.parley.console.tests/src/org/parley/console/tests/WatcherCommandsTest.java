package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherListener;
import org.parley.core.presence.watchers.WatcherState;
import org.parley.core.presence.watchers.Watchers;

/**
 * The console's {@code parley:watchers} command through the real Gogo runtime: it lists who
 * watches or asks to watch the user's presence per account, allows and denies them, and explains
 * an unknown account, an account without watchers, an unknown action, a missing address and an
 * address that never asked; and {@code parley:account set} stores the {@code presencePolicy}
 * setting, refusing a word the presence bundle would not know.
 *
 * <p>
 * The SIP presence provider is not part of this test runtime, so the test registers its own small
 * {@link Watchers} service ({@link RecordingWatchers}) with an account id, as the provider does:
 * the console is a consumer of the Watchers API, and what is tested here is how it finds the
 * service, what it asks of it and how it formats what the service says.
 */
class WatcherCommandsTest {

    private static final Instant SINCE = Instant.parse("2026-11-24T10:00:00.250Z");
    private static final Address BOB = new Address("sip:bob@example.org");
    private static final Address CAROL = new Address("sip:carol@example.org");

    private final BundleContext context = FrameworkUtil.getBundle(WatcherCommandsTest.class).getBundleContext();
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
    void watchersListsWhoWatchesAndWhoAsksPerAccount() throws Exception {
        RecordingWatchers work = new RecordingWatchers(new AccountId("work"));
        work.watchers.add(new Watcher(work.account, BOB, WatcherState.ACTIVE, SINCE));
        work.watchers.add(new Watcher(work.account, CAROL, WatcherState.PENDING, SINCE));
        RecordingWatchers home = new RecordingWatchers(new AccountId("home"));
        registerWatchers(work);
        registerWatchers(home);

        String all = console.run("parley:watchers");
        assertTrue(all.startsWith("ACCOUNT"), all);
        assertTrue(all.lines().anyMatch(line -> line.matches(
                "work\\s+sip:bob@example\\.org\\s+active\\s+2026-11-24T10:00:00Z")), all);
        assertTrue(all.lines().anyMatch(line -> line.matches(
                "work\\s+sip:carol@example\\.org\\s+pending\\s+2026-11-24T10:00:00Z")), all);
        assertEquals(3, all.lines().count(), "a header and one line per watcher: " + all);

        String one = console.run("parley:watchers work");
        assertTrue(one.startsWith("ADDRESS"), one);
        assertTrue(one.lines().anyMatch(line -> line.matches("sip:carol@example\\.org\\s+pending\\s+\\S+")), one);
        assertEquals("no watchers of home", console.run("parley:watchers home"));
    }

    @Test
    void watchersWithoutAnyoneWatchingSaysSo() throws Exception {
        registerWatchers(new RecordingWatchers(new AccountId("work")));

        assertEquals("no watchers", console.run("parley:watchers"));
    }

    @Test
    void allowAndDenyGoToTheAccountsWatchersWithTheTypedAddressCompleted() throws Exception {
        RecordingWatchers work = new RecordingWatchers(new AccountId("work"));
        work.watchers.add(new Watcher(work.account, CAROL, WatcherState.PENDING, SINCE));
        work.watchers.add(new Watcher(work.account, BOB, WatcherState.ACTIVE, SINCE));
        RecordingWatchers home = new RecordingWatchers(new AccountId("home"));
        registerWatchers(work);
        registerWatchers(home);

        assertEquals("allowed sip:carol@example.org to watch work", console.run("parley:watchers work allow carol@example.org"));
        assertEquals("denied sip:bob@example.org watching work", console.run("parley:watchers work deny sip:bob@example.org"));
        assertEquals(List.of(CAROL), work.allowed, "allowed through work's Watchers");
        assertEquals(List.of(BOB), work.denied, "denied through work's Watchers");
        assertTrue(home.allowed.isEmpty() && home.denied.isEmpty(), "home's Watchers is not touched");
    }

    @Test
    void watchersExplainsUnknownAccountsAccountsWithoutWatchersUnknownActionsMissingAndNeverAskingAddresses()
            throws Exception {
        services.register(Account.class, FixedAccount.of(new AccountId("nowatchers")),
                ServiceProperties.ACCOUNT_ID, "nowatchers", ServiceProperties.PROTOCOL, "sip");
        RecordingWatchers work = new RecordingWatchers(new AccountId("work"));
        registerWatchers(work);

        console.assertFails("no account nowhere; accounts: ", "parley:watchers nowhere");
        console.assertFails("no account nowhere", "parley:watchers nowhere allow bob@example.org");
        console.assertFails("account nowatchers has no watchers", "parley:watchers nowatchers");
        console.assertFails("account nowatchers has no watchers", "parley:watchers nowatchers deny bob@example.org");
        console.assertFails("unknown action 'maybe': use allow or deny", "parley:watchers work maybe bob@example.org");
        console.assertFails("usage: watchers <account> allow|deny <address>", "parley:watchers work allow");
        console.assertFails("sip:dave@example.org has not asked to watch work", "parley:watchers work allow dave@example.org");
        console.assertFails("sip:dave@example.org neither watches nor asks to watch work",
                "parley:watchers work deny dave@example.org");
        assertEquals(List.of(new Address("sip:dave@example.org")), work.allowed,
                "only the allow that was asked for reached the service");
    }

    @Test
    void theConsolePrintsRequestsToWatchAsAWhiteboardListener() throws Exception {
        assertTrue(ConsoleSession.registeredByConsole(context, WatcherListener.class),
                "the console's event printer is a WatcherListener service");
    }

    @Test
    void thePresencePolicyIsAnAccountSettingAndOnlyItsWordsAreAccepted() throws Exception {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin configurations = context.getService(reference);
        Configuration account = configurations.getFactoryConfiguration("org.parley.console.tests.account",
                "policy", "?");
        Hashtable<String, Object> settings = new Hashtable<>();
        settings.put(ServiceProperties.ACCOUNT_ID, "policy");
        settings.put("address", "sip:policy@example.org");
        account.update(settings);
        try {
            assertEquals("changed policy", console.run("parley:account set policy presencePolicy=ask"));
            assertEquals("ask", account.getProperties().get("presencePolicy"));
            assertEquals("sip:policy@example.org", account.getProperties().get("address"), "other settings stay");

            console.assertFails("presencePolicy is accept, refuse, ask or contacts, not 'refsue'",
                    "parley:account set policy presencePolicy=refsue");
            assertEquals("ask", account.getProperties().get("presencePolicy"), "a wrong word is not stored");

            assertEquals("changed policy", console.run("parley:account set policy presencePolicy=Refuse"));
            assertTrue(console.run("parley:account show policy").lines().anyMatch("presencePolicy=Refuse"::equals));
        } finally {
            account.delete();
            context.ungetService(reference);
        }
    }

    private void registerWatchers(RecordingWatchers watchers) {
        services.register(Watchers.class, watchers, ServiceProperties.ACCOUNT_ID, watchers.account.value(),
                ServiceProperties.PROTOCOL, "sip");
    }

    /**
     * A test-only Watchers: lists the watchers the test gives it, remembers what was allowed and
     * denied, and answers as the API says (allow: whether a request was pending; deny: whether the
     * address watched or asked).
     */
    private static final class RecordingWatchers implements Watchers {
        final AccountId account;
        final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        final List<Address> allowed = new CopyOnWriteArrayList<>();
        final List<Address> denied = new CopyOnWriteArrayList<>();

        RecordingWatchers(AccountId account) {
            this.account = account;
        }

        @Override
        public List<Watcher> list() {
            return List.copyOf(watchers);
        }

        @Override
        public boolean allow(Address address) {
            allowed.add(address);
            return watchers.stream()
                    .anyMatch(watcher -> watcher.address().equals(address) && watcher.state() == WatcherState.PENDING);
        }

        @Override
        public boolean deny(Address address) {
            denied.add(address);
            return watchers.removeIf(watcher -> watcher.address().equals(address));
        }
    }
}
