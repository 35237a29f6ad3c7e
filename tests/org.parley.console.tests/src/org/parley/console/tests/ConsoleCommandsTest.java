package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationState;
import org.parley.core.history.Conversation;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.AudioDevices;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.core.telephony.CallDirection;

/**
 * Runs inside OSGi: the console's DS component publishes the {@code parley:} commands through the
 * real Gogo runtime, follows its bundle being stopped and started, and follows accounts and
 * capabilities that come and go in the service registry.
 */
class ConsoleCommandsTest {

    private static final long TIMEOUT_MS = 10_000;

    private final BundleContext context = FrameworkUtil.getBundle(ConsoleCommandsTest.class).getBundleContext();
    private ServiceTracker<Object, Object> commands;
    private CommandSession session;

    @BeforeEach
    void startConsole() throws Exception {
        consoleBundle().start();
        Filter filter = context.createFilter("(osgi.command.scope=parley)");
        commands = new ServiceTracker<>(context, filter, null);
        commands.open();
        assertNotNull(commands.waitForService(TIMEOUT_MS), "the parley commands are registered");
        CommandProcessor processor = awaitService(CommandProcessor.class);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        commands.close();
        consoleBundle().start();
    }

    @Test
    void commandsArePublishedWithTheirFunctionNames() {
        List<String> names = Arrays.stream(commands.getServiceReferences())
                .flatMap(reference -> reference.getProperty("osgi.command.function") instanceof String[] functions
                        ? Arrays.stream(functions)
                        : java.util.stream.Stream.of(String.valueOf(reference.getProperty("osgi.command.function"))))
                .toList();
        assertTrue(names.containsAll(List.of("version", "accounts", "providers", "capabilities", "account",
                "register", "unregister", "await", "history", "contacts", "contact", "message", "resend", "typing", "status",
                "watchers", "devices")),
                names.toString());
    }

    @Test
    void commandsLeaveWithTheirBundleAndComeBackWithIt() throws Exception {
        assertTrue(run("parley:version").startsWith("Parley 0.1.0"), "version answers before the stop");

        consoleBundle().stop();
        assertNull(commands.getService(), "no parley command service while the console bundle is stopped");
        assertThrows(Exception.class, () -> run("parley:version"), "the command is gone with its bundle");

        consoleBundle().start();
        assertNotNull(commands.waitForService(TIMEOUT_MS), "the commands come back with the bundle");
        assertTrue(run("parley:version").startsWith("Parley 0.1.0"), "version answers after the restart");
    }

    @Test
    void accountsAndCapabilitiesAreListedWhileTheyAreRegistered() throws Exception {
        assertEquals("no accounts", run("parley:accounts"));

        ServiceRegistration<Account> account = context.registerService(Account.class,
                new FixedAccount(new AccountId("test-1"), new Address("sip:alice@127.0.0.1:5070")),
                properties(ServiceProperties.ACCOUNT_ID, "test-1", ServiceProperties.PROTOCOL, "sip"));
        ServiceRegistration<History> history = context.registerService(History.class, new EmptyHistory(),
                properties(ServiceProperties.CAPABILITY, "history"));
        try {
            String accounts = run("parley:accounts");
            assertTrue(accounts.lines().anyMatch(line -> line.matches(
                    "test-1\\s+sip\\s+sip:alice@127\\.0\\.0\\.1:5070\\s+unregistered")), accounts);
            String capabilities = run("parley:capabilities");
            assertTrue(capabilities.lines().anyMatch(line -> line.matches(
                    "history\\s+\\(all\\)\\s+org\\.parley\\.console\\.tests")), capabilities);
        } finally {
            account.unregister();
            history.unregister();
        }

        assertEquals("no accounts", run("parley:accounts"));
        assertEquals("no capabilities", run("parley:capabilities"));
    }

    @Test
    void historyCommandsUseTheHistoryWhileItIsRegistered() throws Exception {
        assertThrows(Exception.class, () -> run("parley:history"), "no History service: a clear error");

        AccountId work = new AccountId("work");
        Address bob = new Address("sip:bob@example.org");
        List<HistoryEntry> entries = List.of(
                new HistoryEntry.MessageRecord(work, bob, new MessageId("m1"), true, "hello there",
                        Instant.parse("2026-11-20T10:00:00Z"), new DeliveryState.Failed("480 Temporarily Unavailable")),
                new HistoryEntry.CallRecord(work, bob, CallDirection.INCOMING, Instant.parse("2026-11-20T10:01:00Z"),
                        Duration.ofSeconds(65), HistoryEntry.CallOutcome.ANSWERED));
        FixedHistory fixed = new FixedHistory(entries);
        ServiceRegistration<History> history = context.registerService(History.class, fixed,
                properties(ServiceProperties.CAPABILITY, "history"));
        try {
            assertTrue(run("parley:history").lines().anyMatch(line -> line.matches("work\\s+sip:bob@example\\.org")));
            String shown = run("parley:history show work bob@example.org");
            assertTrue(shown.contains("sent (failed: 480 Temporarily Unavailable)") && shown.contains("hello there")
                    && shown.matches("(?s).*incoming call\\s+answered 0:01:05.*"), shown);
            assertEquals("work sip:bob@example.org 50", fixed.calls.get(fixed.calls.size() - 1));
            String found = run("parley:history search hello 5");
            assertTrue(found.lines().anyMatch(line -> line.matches("work\\s+sip:bob@example\\.org\\s+.*hello there")),
                    found);
            assertEquals("search hello 5", fixed.calls.get(fixed.calls.size() - 1));
            run("parley:history delete work sip:bob@example.org");
            assertEquals("delete work sip:bob@example.org", fixed.calls.get(fixed.calls.size() - 1));
            assertThrows(Exception.class, () -> run("parley:history frobnicate"), "an unknown action is an error");
        } finally {
            history.unregister();
        }
        assertThrows(Exception.class, () -> run("parley:history"), "the History service is gone again");
    }

    @Test
    void contactCommandsAddListAndRemoveContactsOfAnAccount(@org.junit.jupiter.api.io.TempDir java.nio.file.Path lists)
            throws Exception {
        Hashtable<String, Object> ranked = new Hashtable<>();
        ranked.put(org.osgi.framework.Constants.SERVICE_RANKING, 100);
        ServiceRegistration<org.parley.core.contacts.Contacts> contacts = context.registerService(
                org.parley.core.contacts.Contacts.class, new org.parley.contacts.internal.FileContacts(lists), ranked);
        try {
            assertEquals("no contacts", run("parley:contacts work"));
            run("parley:contact add work bob@example.org Bob Friends,Team");
            assertTrue(run("parley:contacts work").lines()
                    .anyMatch(line -> line.matches("Bob\\s+sip:bob@example\\.org\\s+Friends,Team\\s+unknown")),
                    run("parley:contacts work"));
            run("parley:contact remove work sip:bob@example.org");
            assertEquals("no contacts", run("parley:contacts work"));
            assertThrows(Exception.class, () -> run("parley:contact remove work sip:bob@example.org"),
                    "removing a contact that is not there is an error");
        } finally {
            contacts.unregister();
        }
    }

    @Test
    void messageAndResendUseTheAccountsMessaging() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.parley.core.messaging.Messaging fake = new org.parley.core.messaging.Messaging() {
            @Override
            public MessageId send(Address peer, String text) {
                calls.add("send " + peer + " " + text);
                return new MessageId("m-42");
            }

            @Override
            public void resend(MessageId message) {
                calls.add("resend " + message);
            }

            @Override
            public void setTyping(Address peer, boolean typing) {
                calls.add("typing " + peer + " " + typing);
            }
        };
        assertThrows(Exception.class, () -> run("parley:message work bob hello"), "no Messaging: a clear error");
        ServiceRegistration<org.parley.core.messaging.Messaging> messaging = context.registerService(
                org.parley.core.messaging.Messaging.class, fake,
                properties(ServiceProperties.ACCOUNT_ID, "work", ServiceProperties.CAPABILITY, "messaging"));
        try {
            assertEquals("m-42", run("parley:message work bob@example.org Hello there Bob"));
            assertEquals("send sip:bob@example.org Hello there Bob", calls.get(calls.size() - 1));
            assertTrue(run("parley:resend work m-42").contains("m-42"));
            assertEquals("resend m-42", calls.get(calls.size() - 1));
            assertEquals("work sip:bob@example.org typing", run("parley:typing work bob@example.org on"));
            assertEquals("typing sip:bob@example.org true", calls.get(calls.size() - 1));
            assertEquals("work sip:bob@example.org stopped typing", run("parley:typing work bob@example.org off"));
            assertEquals("typing sip:bob@example.org false", calls.get(calls.size() - 1));
            assertThrows(Exception.class, () -> run("parley:typing work bob@example.org maybe"), "on or off only");
            assertThrows(Exception.class, () -> run("parley:message work bob@example.org"), "nothing to send");
            assertThrows(Exception.class, () -> run("parley:message home bob@example.org hi"), "no such account");
        } finally {
            messaging.unregister();
        }
    }

    @Test
    void devicesListsTheSoundDevicesAndChoosingOneWritesTheDeviceSettings() throws Exception {
        assertThrows(Exception.class, () -> run("parley:devices"), "no AudioDevices service: a clear error");
        AudioDevice microphone = new AudioDevice("pulseaudio:mic", "Headset microphone", AudioDevice.Kind.CAPTURE);
        AudioDevice speaker = new AudioDevice("pulseaudio:speaker", "Desk speaker", AudioDevice.Kind.PLAYBACK);
        ServiceRegistration<AudioDevices> devices = context.registerService(AudioDevices.class, new AudioDevices() {
            @Override
            public Optional<String> soundSystem() {
                return Optional.of("pulseaudio");
            }

            @Override
            public List<AudioDevice> devices() {
                return List.of(microphone, speaker);
            }

            @Override
            public Optional<AudioDevice> chosen(AudioDeviceRole role) {
                return role == AudioDeviceRole.CAPTURE ? Optional.of(microphone) : Optional.empty();
            }
        }, null);
        Configuration settings = configurationAdmin().getConfiguration(AudioDevices.CONFIGURATION_PID, "?");
        try {
            String listed = run("parley:devices");
            assertTrue(listed.startsWith("sound system: pulseaudio\n"), listed);
            assertTrue(listed.lines().anyMatch(line -> line.matches(
                    "capture\\s+pulseaudio:mic\\s+Headset microphone\\s+capture")), listed);
            assertTrue(listed.lines().anyMatch(line -> line.matches(
                    "playback\\s+pulseaudio:speaker\\s+Desk speaker\\s+-")), listed);
            assertTrue(listed.endsWith("the system's default device for: playback, ringer"), listed);

            assertEquals("playback: pulseaudio:speaker", run("parley:devices choose playback pulseaudio:speaker"));
            assertEquals("ringer: the system's default device", run("parley:devices choose ringer default"));
            assertEquals("pulseaudio:speaker", settings.getProperties().get("playback"));
            assertEquals("", settings.getProperties().get("ringer"));

            Exception wrongKind = assertThrows(Exception.class,
                    () -> run("parley:devices choose capture pulseaudio:speaker"));
            assertTrue(wrongKind.getMessage().contains("is a playback device"), wrongKind.getMessage());
            Exception absent = assertThrows(Exception.class, () -> run("parley:devices choose capture pulseaudio:gone"));
            assertTrue(absent.getMessage().contains("no device pulseaudio:gone"), absent.getMessage());
            assertThrows(Exception.class, () -> run("parley:devices choose speaker pulseaudio:speaker"), "no such role");
            assertEquals(null, settings.getProperties().get("capture"), "refused choices are not written");
        } finally {
            devices.unregister();
            settings.delete();
        }
    }

    private ConfigurationAdmin configurationAdmin() throws InterruptedException {
        return awaitService(ConfigurationAdmin.class);
    }

    private String run(String command) throws Exception {
        Object result = session.execute(command);
        return String.valueOf(session.format(result, Converter.INSPECT));
    }

    private Bundle consoleBundle() {
        return Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.console"))
                .findFirst().orElseThrow(() -> new AssertionError("org.parley.console is installed"));
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(service, type.getSimpleName() + " is available");
        return service;
    }

    private static Dictionary<String, Object> properties(String... keysAndValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    /** A history with fixed entries that notes what it was asked. */
    private static final class FixedHistory implements History {
        private final List<HistoryEntry> entries;
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        FixedHistory(List<HistoryEntry> entries) {
            this.entries = entries;
        }

        @Override
        public List<HistoryEntry> conversation(AccountId account, Address peer, int limit) {
            calls.add(account + " " + peer + " " + limit);
            return entries;
        }

        @Override
        public List<HistoryEntry> search(String query, int limit) {
            calls.add("search " + query + " " + limit);
            return entries.subList(0, 1);
        }

        @Override
        public void deleteConversation(AccountId account, Address peer) {
            calls.add("delete " + account + " " + peer);
        }

        @Override
        public List<Conversation> conversations(int limit) {
            return List.of(new Conversation(entries.get(0).account(), entries.get(0).peer()));
        }

        @Override
        public int export(Conversation conversation, Path file) {
            return entries.size();
        }

        @Override
        public int exportAll(Path file) {
            return entries.size();
        }
    }

    /** A history that remembers nothing: enough to be listed as a capability. */
    private static final class EmptyHistory implements History {
        @Override
        public List<HistoryEntry> conversation(AccountId account, Address peer, int limit) {
            return List.of();
        }

        @Override
        public List<HistoryEntry> search(String query, int limit) {
            return List.of();
        }

        @Override
        public void deleteConversation(AccountId account, Address peer) {
        }

        @Override
        public List<Conversation> conversations(int limit) {
            return List.of();
        }

        @Override
        public int export(Conversation conversation, Path file) {
            return 0;
        }

        @Override
        public int exportAll(Path file) {
            return 0;
        }
    }
}
