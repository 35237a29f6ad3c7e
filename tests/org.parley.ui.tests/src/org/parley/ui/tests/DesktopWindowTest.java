package org.parley.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.Address;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.Contacts;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.plugins.TrustQuestion;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.provisioning.ProvisionedSettings;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;
import org.parley.testkit.prosody.ProsodyServer;

/**
 * The desktop window driven as a person would, against a real Kamailio: Alice adds her account
 * with the wizard (tested before it is saved), adds Bob as a contact and sees his presence change
 * when Bob (a second SIP user agent with its own stack, registered at the same Kamailio) publishes
 * it, chats with him, calls him, holds and hangs up; a call Bob gives up on is counted as missed;
 * the example plugin's tab, contact-menu entry and call-panel button appear and vanish as its
 * bundle is started and stopped. Screenshots of the main window, a conversation, a call and the
 * account wizard land in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopWindowTest {

    @RegisterExtension
    static final KamailioExtension KAMAILIO = new KamailioExtension("ui",
            Map.of("alice", "alice-pw", "bob", "bob-pw", "carol", "carol-pw", "dave", "dave-pw"),
            builder -> builder.presence(true).tls(true).tlsCertificateNames("dns:localhost"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
    private static final String NOTES_BUNDLE = "org.parley.ui.example.notes";
    private static final String XMPP_FACTORY_PID = "org.parley.xmpp.account";
    /** Where a window of an earlier run was left: the window must open there. */
    private static final Rectangle LEFT_AT = new Rectangle(40, 30, 1000, 700);

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(DesktopWindowTest.class).getBundleContext();
    private static AccountFixture accounts;
    private static RunningWindow window;
    private static final BlockingQueue<MessageEvent> bobsMessages = new LinkedBlockingQueue<>();
    private static ServiceRegistration<MessageListener> bobsListener;
    private static final BlockingQueue<CallEvent> bobsCalls = new LinkedBlockingQueue<>();
    private static ServiceRegistration<CallListener> bobsCallListener;

    @BeforeAll
    static void openWindow() throws Exception {
        Path geometry = UserDataDirectory.of(CONTEXT).resolve("window.properties");
        Files.createDirectories(geometry.getParent());
        Files.writeString(geometry, "x=" + LEFT_AT.x + "\ny=" + LEFT_AT.y + "\nwidth=" + LEFT_AT.width + "\nheight="
                + LEFT_AT.height + "\nmaximized=false\n");
        accounts = new AccountFixture();
        Dictionary<String, Object> onlyBob = new Hashtable<>(Map.of("parley.account.id", "bob"));
        bobsListener = CONTEXT.registerService(MessageListener.class, bobsMessages::add, onlyBob);
        bobsCallListener = CONTEXT.registerService(CallListener.class, bobsCalls::add, onlyBob);
        window = RunningWindow.start();
    }

    @AfterAll
    static void closeWindow() throws Exception {
        try {
            if (window != null) {
                window.close();
            }
        } finally {
            bobsListener.unregister();
            bobsCallListener.unregister();
            accounts.close();
        }
    }

    private static String alice() {
        return KAMAILIO.sipUri("alice");
    }

    private static String bob() {
        return KAMAILIO.sipUri("bob");
    }

    @Test
    @Order(0)
    void theWindowOpensWhereItWasLeftAndKeepsWhereItIsMoved() throws Exception {
        Shell main = window.mainShell().orElseThrow();
        assertEquals(LEFT_AT, window.ui(main::getBounds), "the window opens where the last run left it");
        Path geometry = UserDataDirectory.of(CONTEXT).resolve("window.properties");
        window.ui(() -> {
            main.setBounds(60, 50, 1080, 740);
            return null;
        });
        window.await("the new place and size are written", () -> {
            try {
                String text = Files.readString(geometry);
                return text.contains("x=60") && text.contains("y=50") && text.contains("width=1080")
                        && text.contains("height=740");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    @Order(1)
    void theWizardRefusesAWrongPasswordAndSavesAnAccountThatRegistered() throws Exception {
        window.click("accounts.add");
        Shell wizard = window.shell("Add account");
        window.type(window.control(wizard, "account.address", Text.class), alice());
        window.type(window.control(wizard, "account.server", Text.class), KAMAILIO.host() + ":" + KAMAILIO.udpPort());
        window.type(window.control(wizard, "account.password", Text.class), "not-her-password");
        Label status = window.control(wizard, "account.status", Label.class);

        window.click(window.control(wizard, "account.test", Button.class));
        window.awaitValue("the test says the password was refused", () -> window.read(status, Label::getText),
                text -> text.toLowerCase().contains("password"));

        window.type(window.control(wizard, "account.password", Text.class), "alice-pw");
        window.click(window.control(wizard, "account.test", Button.class));
        window.awaitValue("the test says the account registered", () -> window.read(status, Label::getText),
                text -> text.startsWith("Registered"));
        window.screenshot(wizard, SCREENSHOTS.resolve("account-wizard.png"));
        window.click(window.control(wizard, "account.save", Button.class));
        window.await("the wizard closes", () -> !window.shellOpen("Add account"));

        Table table = window.control("accounts.table", Table.class);
        window.awaitValue("alice's account is listed as registered", () -> accountRows(table),
                rows -> rows.stream().anyMatch(row -> row.startsWith("alice@") && row.endsWith("Registered")));
        // The wizard knows no audio source; the call below needs one that makes packets without a sound card.
        useTone("alice");
    }

    @Test
    @Order(2)
    void aContactAddedInTheWindowShowsThePresenceBobPublishes() throws Exception {
        accounts.createRegistered("bob", bob(), "bob-pw", KAMAILIO.host() + ":" + KAMAILIO.udpPort(),
                Map.of("presencePolicy", "accept", "audioSource", "tone:700", "audioSink", "discard"));
        window.click("contacts.add");
        Shell dialog = window.shell("Add contact");
        window.ui(() -> {
            Combo account = (Combo) RunningWindowIds.find(dialog, "contact.account");
            account.select(account.indexOf("alice"));
            return null;
        });
        window.type(window.control(dialog, "contact.address", Text.class), bob());
        window.type(window.control(dialog, "contact.name", Text.class), "Bob Builder");
        window.type(window.control(dialog, "contact.groups", Text.class), "Team");
        window.click(window.control(dialog, "contact.save", Button.class));

        Tree tree = window.control("contacts.tree", Tree.class);
        window.awaitValue("Bob is listed in the group Team", () -> contactRows(tree),
                rows -> rows.contains("Team/Bob Builder"));

        presence("bob").publish(new PresenceStatus(Availability.AWAY, Optional.of("back at 3")));
        window.awaitValue("Bob's row shows his status from Kamailio's NOTIFY", () -> contactStatus(tree, "Bob Builder"),
                status -> status.equals("Away: back at 3"));
        presence("bob").publish(PresenceStatus.of(Availability.AVAILABLE));
        window.awaitValue("and its change", () -> contactStatus(tree, "Bob Builder"), status -> status.equals("Available"));

        setTeamExpanded(tree, false);
        presence("bob").publish(PresenceStatus.of(Availability.BUSY));
        window.awaitValue("a change while his group is collapsed", () -> contactStatus(tree, "Bob Builder"),
                status -> status.startsWith("Busy"));
        assertFalse(window.ui(() -> tree.getItem(0).getExpanded()), "the change leaves the group collapsed");
        setTeamExpanded(tree, true);
        presence("bob").publish(PresenceStatus.of(Availability.AVAILABLE));
        window.awaitValue("available again", () -> contactStatus(tree, "Bob Builder"), status -> status.equals("Available"));

        Text search = window.control("contacts.search", Text.class);
        window.type(search, "nobody-by-that-name");
        window.awaitValue("the search hides Bob", () -> contactRows(tree), List::isEmpty);
        window.type(search, "build");
        window.awaitValue("and finds him by part of his name", () -> contactRows(tree),
                rows -> rows.contains("Team/Bob Builder"));
        window.type(search, "");
        window.screenshot(window.mainShell().orElseThrow(), SCREENSHOTS.resolve("main-window.png"));
    }

    @Test
    @Order(3)
    void messagesGoBothWaysWithTheirDeliveryShown() throws Exception {
        Tree tree = window.control("contacts.tree", Tree.class);
        selectContact(tree, "Bob Builder");
        window.fire(tree, SWT.DefaultSelection, new Event());
        StyledText transcript = window.control("chat.transcript", StyledText.class);
        Text input = window.control("chat.input", Text.class);
        window.type(input, "Hello Bob, see https://example.org/plan");
        window.click("chat.send");

        MessageEvent.Received atBob = awaitBobReceives();
        assertEquals("Hello Bob, see https://example.org/plan", atBob.text());
        window.awaitValue("the transcript shows the message delivered", () -> window.read(transcript, StyledText::getText),
                text -> text.contains("Me: Hello Bob, see https://example.org/plan  ✓ delivered"));
        assertTrue(window.read(transcript, t -> Arrays.stream(t.getStyleRanges()).anyMatch(r -> r.underline)),
                "the link is underlined");

        messaging("bob").send(new Address(alice()), "Hi Alice!");
        window.awaitValue("Bob's answer appears in the conversation", () -> window.read(transcript, StyledText::getText),
                text -> text.contains("Bob Builder: Hi Alice!"));
        window.screenshot(window.mainShell().orElseThrow(), SCREENSHOTS.resolve("conversation.png"));
    }

    @Test
    @Order(4)
    void aCallIsPlacedHeldResumedAndHungUpFromItsPanel() throws Exception {
        dial(bob());
        Call atBob = awaitCall(telephony("bob"), CallState.INCOMING);
        atBob.answer();

        Composite panel = window.awaitValue("alice's call panel appears", () -> alicesPanel(), Optional::isPresent).get();
        Label state = window.control(panel, "call.state", Label.class);
        window.awaitValue("the panel says connected", () -> window.read(state, Label::getText),
                text -> text.startsWith("Connected"));
        Label stats = window.control(panel, "call.stats", Label.class);
        window.awaitValue("audio flows both ways", () -> window.read(stats, Label::getText),
                text -> text.matches(".*sent [1-9]\\d* · received [1-9]\\d*.*"));

        Button mute = window.control(panel, "call.mute", Button.class);
        pressShortcut(mute, 'm');
        window.await("Ctrl+Shift+M mutes the call", () -> window.read(mute, Button::getSelection));
        pressShortcut(mute, 'm');
        window.await("and unmutes it", () -> !window.read(mute, Button::getSelection));

        window.click(window.control(panel, "call.keypad", Button.class));
        window.click(window.control(panel, "call.dtmf.5", Button.class));
        window.click(window.control(panel, "call.dtmf.#", Button.class));
        assertEquals(List.of('5', '#'), List.of(awaitBobsDigit(), awaitBobsDigit()), "bob hears the keys pressed");

        window.click(window.control(panel, "call.hold", Button.class));
        window.awaitValue("the panel says on hold", () -> window.read(state, Label::getText), text -> text.startsWith("On hold"));
        window.screenshot(window.mainShell().orElseThrow(), SCREENSHOTS.resolve("call.png"));
        window.click(window.control(panel, "call.hold", Button.class));
        window.awaitValue("and connected again", () -> window.read(state, Label::getText), text -> text.startsWith("Connected"));

        window.click(window.control(panel, "call.hangup", Button.class));
        window.await("bob's side ends", () -> atBob.state() == CallState.ENDED);
        window.awaitValue("the panel goes and says why", () -> window.read(window.control("calls.lastEnded", Label.class),
                Label::getText), text -> text.contains("you hung up"));
        assertTrue(alicesPanel().isEmpty(), "no panel for the ended call");
    }

    @Test
    @Order(5)
    void aCallerWhoGivesUpIsCountedAsAMissedCall() throws Exception {
        Call fromBob = telephony("bob").call(new Address(alice()));
        window.shell("Incoming call");
        fromBob.hangUp();
        window.await("the ringing notice closes", () -> !window.shellOpen("Incoming call"));
        Link counters = window.control("counters", Link.class);
        window.awaitValue("one missed call is counted", () -> window.read(counters, Link::getText),
                text -> text.contains("1 missed call"));
        window.awaitValue("the tray icon's tooltip gives the own status and the missed call", () -> window.ui(
                () -> Arrays.stream(org.eclipse.swt.widgets.Display.getCurrent().getSystemTray().getItems())
                        .map(org.eclipse.swt.widgets.TrayItem::getToolTipText).toList()),
                tips -> tips.size() == 1 && tips.get(0).startsWith("Parley — Available") && tips.get(0).contains(" · 1 missed"));
    }

    @Test
    @Order(6)
    void theExamplePluginsTabMenuEntryAndCallButtonFollowItsBundle() throws Exception {
        Bundle notes = Arrays.stream(CONTEXT.getBundles()).filter(b -> b.getSymbolicName().equals(NOTES_BUNDLE))
                .findFirst().orElseThrow(() -> new AssertionError(NOTES_BUNDLE + " is installed"));
        notes.start();
        window.await("the Call notes tab is there", () -> tabTitles().contains("Call notes"));
        assertTrue(contactMenu().contains("Call notes…"), "the contact menu offers Call notes…");

        notes.stop();
        window.await("the Call notes tab vanishes when the bundle stops", () -> !tabTitles().contains("Call notes"));
        assertFalse(contactMenu().contains("Call notes…"), "and so does its menu entry");

        notes.start();
        window.await("the tab comes back when it starts again", () -> tabTitles().contains("Call notes"));
        assertTrue(contactMenu().contains("Call notes…"), "and its menu entry");

        window.type(window.control("dial.address", Text.class), bob());
        window.click("dial.call");
        Call atBob = awaitCall(telephony("bob"), CallState.INCOMING);
        Composite panel = window.awaitValue("alice's call panel appears", () -> alicesPanel(), Optional::isPresent).get();
        window.control(panel, "call.plugin.Notes", Button.class);
        notes.stop();
        window.await("the Notes button vanishes with the bundle", () -> window.ui(
                () -> RunningWindowIds.find(panel, "call.plugin.Notes") == null));
        atBob.reject(false);
        window.await("the call panel goes", () -> alicesPanel().isEmpty());
        notes.start();
    }

    @Test
    @Order(7)
    void presenceLeavesTheContactListWhenItsBundleStopsAndComesBackWhenItStarts() throws Exception {
        Tree tree = window.control("contacts.tree", Tree.class);
        window.awaitValue("Bob is available", () -> contactStatus(tree, "Bob Builder"), status -> status.equals("Available"));
        Bundle presence = Arrays.stream(CONTEXT.getBundles()).filter(b -> b.getSymbolicName().equals("org.parley.sip.presence"))
                .findFirst().orElseThrow();
        presence.stop();
        try {
            window.awaitValue("without the presence bundle nothing is known of Bob", () -> contactStatus(tree, "Bob Builder"),
                    status -> status.equals("Unknown"));
        } finally {
            presence.start();
        }
        // Bob's account is in this framework too: its presence restarted as well and publishes anew.
        window.await("bob's presence service is back", () -> {
            try {
                return CONTEXT.getServiceReferences(Presence.class, "(parley.account.id=bob)").size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        presence("bob").publish(PresenceStatus.of(Availability.AVAILABLE));
        window.awaitValue("with it back, Bob's status is shown again", () -> contactStatus(tree, "Bob Builder"),
                status -> status.equals("Available"));
    }

    @Test
    @Order(8)
    void aSipLinkDroppedForTheRunningWindowLandsInTheDialField() throws Exception {
        Path inbox = org.parley.core.UserDataDirectory.of(CONTEXT).resolve("open");
        assertTrue(java.nio.file.Files.readString(inbox.resolveSibling("ui.pid")).strip()
                .equals(Long.toString(ProcessHandle.current().pid())), "the window says which process takes links");
        drop(inbox, "1.uri", "sip:carol@example.org");
        Text dial = window.control("dial.address", Text.class);
        window.awaitValue("the link is in the dial field", () -> window.read(dial, Text::getText),
                text -> text.equals("sip:carol@example.org"));
        drop(inbox, "2.uri", "https://example.org/");
        window.await("a link of another scheme is dropped", () -> !java.nio.file.Files.exists(inbox.resolve("2.uri")));
        assertEquals("sip:carol@example.org", window.read(dial, Text::getText), "and changes nothing");
    }

    @Test
    @Order(9)
    void preferencesChangeAnAccountsPresencePolicy() throws Exception {
        window.click("prefs.open");
        Shell preferences = window.shell("Preferences");
        Button ok = window.control(preferences, "prefs.ok", Button.class);
        window.await("the settings are loaded", () -> window.read(ok, Button::isEnabled));
        choose(window.control(preferences, "prefs.presenceAccount", Combo.class), "alice");
        choose(window.control(preferences, "prefs.presencePolicy", Combo.class), "Nobody without my answer");
        window.click(ok);
        window.await("alice's configuration says ask", () -> "ask".equals(setting("alice", "presencePolicy")));
        assertEquals("accept", setting("bob", "presencePolicy"), "bob's is left alone");
    }

    @Test
    @Order(10)
    void theHistoryListsTheCallsAndMessagesAndFindsAMessageByAWord() throws Exception {
        window.ui(() -> {
            Control history = RunningWindowIds.find(window.mainShell().orElseThrow(), "history.table");
            if (history == null) {
                CTabFolder stack = findFolderWith("History");
                for (var item : stack.getItems()) {
                    if (item.getText().equals("History")) {
                        stack.setSelection(item);
                        Event event = new Event();
                        event.item = item;
                        stack.notifyListeners(SWT.Selection, event);
                    }
                }
            }
            return null;
        });
        Table table = window.control("history.table", Table.class);
        window.awaitValue("the history shows the call with Bob and the message", () -> tableRows(table),
                rows -> rows.stream().anyMatch(row -> row.contains("Hello Bob"))
                        && rows.stream().anyMatch(row -> row.toLowerCase().contains("call")));
        window.type(window.control("history.search", Text.class), "plan");
        window.awaitValue("searching for a word finds the message", () -> tableRows(table),
                rows -> !rows.isEmpty() && rows.stream().allMatch(row -> row.contains("plan")));
        window.type(window.control("history.search", Text.class), "");
    }

    @Test
    @Order(11)
    void aServerCertificateTheSystemDoesNotTrustIsShownAndTrustedFromTheWizard() throws Exception {
        String shown = trustCarolsServerFromTheWizard("certificate.trust");
        Shell wizard = window.shell("Add account");
        assertEquals(shown, setting("carol", "tlsPinnedCertificate"), "the pin is the certificate shown");
        window.click(window.control(wizard, "account.cancel", Button.class));
        window.await("cancel removes the tested account again", () -> setting("carol", "address") == null);
    }

    @Test
    @Order(13)
    void aServerCertificateTrustedThisTimeRegistersWithoutAPin() throws Exception {
        trustCarolsServerFromTheWizard("certificate.trustThisTime");
        Shell wizard = window.shell("Add account");
        Object pin = setting("carol", "tlsPinnedCertificate");
        assertTrue(pin == null || pin.toString().isEmpty(), "trusted this time, nothing is stored: " + pin);
        Address carol = new Address(KAMAILIO.sipUri("carol"));
        presence("bob").watch(carol);
        window.awaitValue("carol's status, which she could not publish before the trust, reaches bob", () -> {
            try {
                return presence("bob").statusOf(carol).map(PresenceStatus::availability);
            } catch (Exception e) {
                return Optional.<Availability>empty();
            }
        }, status -> status.equals(Optional.of(Availability.AVAILABLE)));
        presence("bob").unwatch(carol);
        window.click(window.control(wizard, "account.cancel", Button.class));
        window.await("cancel removes the tested account again", () -> setting("carol", "address") == null);
    }

    @Test
    @Order(14)
    void aSecondCallGetsAPanelOfItsOwnAndAnAttendedTransferJoinsTheTwoPeers() throws Exception {
        String dave = KAMAILIO.sipUri("dave");
        useTone("dave"); // this machine has no microphone
        dial(bob());
        Call bobsSide = awaitCall(telephony("bob"), CallState.INCOMING);
        bobsSide.answer();
        Composite toBob = window.awaitValue("the panel of the call with bob", () -> alicesPanelWith("bob"), Optional::isPresent).get();
        dial(dave);
        awaitCall(telephony("dave"), CallState.INCOMING).answer();
        Telephony alices = telephony("alice");
        window.awaitValue("alice has two calls up", () -> alices.calls().stream().map(call -> call.state()).toList(),
                states -> states.stream().filter(state -> state == CallState.CONNECTED || state == CallState.ON_HOLD)
                        .count() == 2);
        Composite toDave = window.awaitValue("a second panel, for the call with dave", () -> alicesPanelWith("dave"),
                Optional::isPresent).get();
        assertTrue(toBob != toDave, "each call has its own panel");
        Label daveState = window.control(toDave, "call.state", Label.class);
        window.awaitValue("the second call connects", () -> window.read(daveState, Label::getText),
                text -> text.startsWith("Connected"));

        window.click(window.control(toBob, "call.transfer", Button.class));
        Shell question = window.shell("Transfer");
        Button join = window.ui(() -> buttonLabelled(question, "Join with"));
        assertTrue(join != null, "the transfer offers to join bob with the other call");
        window.click(join);

        Telephony atBob = telephony("bob");
        window.awaitValue("bob is now in a call with dave", () -> atBob.calls().stream()
                .filter(call -> call.state() == CallState.CONNECTED && call.peer().uri().contains("dave")).findFirst(),
                Optional::isPresent);
        window.await("alice's two calls end and their panels go", () -> alices.calls().isEmpty()
                && alicesPanelWith("bob").isEmpty() && alicesPanelWith("dave").isEmpty());
        atBob.calls().forEach(Call::hangUp);
    }

    private static void dial(String address) {
        window.type(window.control("dial.address", Text.class), address);
        window.ui(() -> {
            Combo account = (Combo) RunningWindowIds.find(window.mainShell().orElseThrow(), "dial.account");
            account.select(account.indexOf("alice"));
            return null;
        });
        window.click("dial.call");
    }

    private static Button buttonLabelled(Composite parent, String start) {
        for (Control child : parent.getChildren()) {
            if (child instanceof Button button && button.getText().startsWith(start)) {
                return button;
            }
            if (child instanceof Composite composite) {
                Button found = buttonLabelled(composite, start);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Opens the wizard for Carol over TLS to Kamailio's self-signed certificate, tests, checks the
     * prompt's fingerprint, presses {@code button} in it and waits for the registration; returns the
     * fingerprint shown. The wizard stays open.
     */
    private String trustCarolsServerFromTheWizard(String button) throws Exception {
        window.click("accounts.add");
        Shell wizard = window.shell("Add account");
        window.type(window.control(wizard, "account.address", Text.class), KAMAILIO.sipUri("carol"));
        window.type(window.control(wizard, "account.server", Text.class), "localhost:" + KAMAILIO.server().tlsPort());
        window.type(window.control(wizard, "account.password", Text.class), "carol-pw");
        choose(window.control(wizard, "account.transport", Combo.class), "TLS");
        window.click(window.control(wizard, "account.test", Button.class));
        Shell prompt = window.shell("Untrusted certificate");
        Text fingerprint = window.control(prompt, "certificate.fingerprint", Text.class);
        String shown = window.read(fingerprint, Text::getText).replaceAll("\\s", ""); // shown on two lines
        assertTrue(shown.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), "the prompt shows the SHA-256 fingerprint: " + shown);
        window.click(window.control(prompt, button, Button.class));
        Label status = window.control(wizard, "account.status", Label.class);
        window.awaitValue("trusted, the account registers over TLS", () -> window.read(status, Label::getText),
                text -> text.startsWith("Registered"));
        return shown;
    }

    @Test
    @Order(12)
    void aMessageThatCouldNotBeDeliveredIsResentFromTheTranscript() throws Exception {
        window.type(window.control("dial.address", Text.class), KAMAILIO.sipUri("dave"));
        window.click("dial.message");
        StyledText transcript = window.awaitValue("dave's conversation opens", () -> window.ui(() -> {
            Control page = RunningWindowIds.find(window.mainShell().orElseThrow(), "chat:" + KAMAILIO.sipUri("dave"));
            return Optional.ofNullable(page == null ? null : (StyledText) RunningWindowIds.find(page, "chat.transcript"));
        }), Optional::isPresent).get();
        Text input = window.ui(() -> (Text) RunningWindowIds.find(transcript.getParent(), "chat.input"));
        window.type(input, "Are you there, Dave?");
        window.ui(() -> {
            ((Button) RunningWindowIds.find(transcript.getParent(), "chat.send")).notifyListeners(SWT.Selection, new Event());
            return null;
        });
        window.awaitValue("dave is not registered: the message is not delivered", () -> window.read(transcript,
                StyledText::getText), text -> text.contains("Are you there, Dave?") && text.contains("not delivered")
                        && text.contains("Resend"));

        accounts.createRegistered("dave", KAMAILIO.sipUri("dave"), "dave-pw", KAMAILIO.host() + ":" + KAMAILIO.udpPort(),
                Map.of());
        window.ui(() -> {
            int at = transcript.getText().lastIndexOf("Resend");
            org.eclipse.swt.graphics.Point point = transcript.getLocationAtOffset(at + 2);
            Event click = new Event();
            click.button = 1;
            click.x = point.x;
            click.y = point.y + 2;
            transcript.notifyListeners(SWT.MouseUp, click);
            return null;
        });
        window.awaitValue("resent, it is delivered", () -> window.read(transcript, StyledText::getText),
                text -> text.contains("Are you there, Dave?  ✓ delivered"));
    }

    // --- helpers

    /** Ctrl+Shift+{@code key} pressed while {@code focus} has the keyboard focus. */
    private static void pressShortcut(Control focus, char key) {
        window.ui(() -> {
            Event press = new Event();
            press.type = SWT.KeyDown;
            press.keyCode = key;
            press.character = key;
            press.stateMask = SWT.MOD1 | SWT.SHIFT;
            focus.setFocus();
            focus.notifyListeners(SWT.KeyDown, press);
            return null;
        });
    }

    private static char awaitBobsDigit() throws InterruptedException {
        long deadline = System.nanoTime() + RunningWindow.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            CallEvent event = bobsCalls.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event instanceof CallEvent.DtmfReceived digit) {
                return digit.digit();
            }
        }
        throw new AssertionError("bob heard no key");
    }

    /** Selects the first item of {@code combo} that starts with {@code label}, as a user's choice. */
    private static void choose(Combo combo, String label) {
        window.ui(() -> {
            int index = -1;
            for (int i = 0; i < combo.getItemCount() && index < 0; i++) {
                if (combo.getItem(i).startsWith(label)) {
                    index = i;
                }
            }
            assertTrue(index >= 0, "the combo offers " + label + ": " + Arrays.toString(combo.getItems()));
            combo.select(index);
            combo.notifyListeners(SWT.Selection, new Event());
            combo.notifyListeners(SWT.Modify, new Event());
            return null;
        });
    }

    @Test
    @Order(15)
    void settingsLockedByTheAdministratorAreShownButCannotBeChanged() throws Exception {
        // The administrator's file locks alice's server and presence policy, with the values she has now.
        ConfigurationAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(ConfigurationAdmin.class));
        Configuration alice = admin.listConfigurations("(parley.account.id=alice)")[0];
        String pid = alice.getPid();
        String registrar = setting("alice", "registrar");
        String policy = setting("alice", "presencePolicy");
        Path directory = Path.of(System.getProperty("parley.provisioning"));
        Path file = directory.resolve("locked.json");
        Files.createDirectories(directory);
        Files.writeString(file, "{\":configurator:resource-version\": 1, \"" + pid + "\": {\"registrar\": \"" + registrar
                + "\", \"presencePolicy\": \"" + policy + "\"}, \":parley:locked\": {\"" + pid
                + "\": [\"registrar\", \"presencePolicy\"]}}");
        Bundle provisioning = Arrays.stream(CONTEXT.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.provisioning")).findFirst().orElseThrow();
        try {
            provisioning.stop();
            provisioning.start();
            window.await("the provisioning locks alice's server", () -> {
                var reference = CONTEXT.getServiceReference(ProvisionedSettings.class);
                return reference != null && CONTEXT.getService(reference).isLocked(pid, "registrar");
            });

            Table table = window.control("accounts.table", Table.class);
            window.ui(() -> {
                for (int i = 0; i < table.getItemCount(); i++) {
                    if (table.getItem(i).getText(0).startsWith("alice@")) {
                        table.setSelection(i);
                    }
                }
                return null;
            });
            window.click("accounts.edit");
            Shell editor = window.shell("Edit account alice");
            Text server = window.control(editor, "account.server", Text.class);
            Text displayName = window.control(editor, "account.displayName", Text.class);
            Label status = window.control(editor, "account.status", Label.class);
            window.await("the settings are loaded", () -> window.read(displayName, Text::isEnabled));
            assertFalse(window.read(server, Text::isEnabled), "the locked server cannot be edited");
            assertEquals(registrar, window.read(server, Text::getText), "but it is shown");
            assertTrue(window.read(server, Text::getToolTipText).contains("administrator"), "its tooltip says why");
            assertFalse(window.read(window.control(editor, "account.presencePolicy", Combo.class), Combo::isEnabled),
                    "the locked presence policy cannot be edited");
            assertTrue(window.read(status, Label::getText).contains("administrator"), "the dialog says why");
            window.screenshot(editor, SCREENSHOTS.resolve("account-locked.png"));
            window.click(window.control(editor, "account.cancel", Button.class));
            window.await("the editor closes", () -> !window.shellOpen("Edit account alice"));

            window.click("prefs.open");
            Shell preferences = window.shell("Preferences");
            Button ok = window.control(preferences, "prefs.ok", Button.class);
            window.await("the settings are loaded", () -> window.read(ok, Button::isEnabled));
            choose(window.control(preferences, "prefs.presenceAccount", Combo.class), "alice");
            Combo presencePolicy = window.control(preferences, "prefs.presencePolicy", Combo.class);
            assertFalse(window.read(presencePolicy, Combo::isEnabled), "the locked presence policy is greyed");
            choose(window.control(preferences, "prefs.presenceAccount", Combo.class), "bob");
            window.await("bob's presence policy can be changed", () -> window.read(presencePolicy, Combo::isEnabled));
            window.click(window.control(preferences, "prefs.cancel", Button.class));
            window.await("the preferences close", () -> !window.shellOpen("Preferences"));
            assertEquals(registrar, setting("alice", "registrar"), "alice's server is unchanged");
            assertEquals(policy, setting("alice", "presencePolicy"), "alice's presence policy is unchanged");
        } finally {
            Files.deleteIfExists(file);
            provisioning.stop();
            provisioning.start();
        }
        window.await("without the file nothing is locked", () -> {
            var reference = CONTEXT.getServiceReference(ProvisionedSettings.class);
            return reference != null && !CONTEXT.getService(reference).isLocked(pid, "registrar");
        });
    }

    @Test
    @Order(16)
    void thePluginManagerAsksTheWindowAboutContentNobodyTrusts() throws Exception {
        TrustQuestion question = CONTEXT.getService(CONTEXT.getServiceReference(TrustQuestion.class));

        CompletableFuture<TrustQuestion.Answer> signed = CompletableFuture.supplyAsync(() -> question.ask(
                new TrustQuestion.Content(List.of(), List.of("CN=Plugin maker,O=Example"))));
        Shell dialog = window.shell("Install without a trusted signature?");
        assertTrue(window.ui(() -> texts(dialog)).stream().anyMatch(text -> text.contains("CN=Plugin maker,O=Example")),
                "the dialog names the signer");
        window.click(window.ui(() -> buttonLabelled(dialog, "Always trust this signer")));
        assertEquals(TrustQuestion.Answer.TRUST_SIGNERS, signed.get(10, TimeUnit.SECONDS));

        CompletableFuture<TrustQuestion.Answer> unsigned = CompletableFuture.supplyAsync(() -> question.ask(
                new TrustQuestion.Content(List.of("osgi.bundle,org.example.plugin,1.0.0"), List.of())));
        Shell second = window.shell("Install without a trusted signature?");
        assertTrue(window.ui(() -> texts(second)).stream().noneMatch(text -> text.equals("Always trust this signer")),
                "unsigned content has no signer to trust");
        window.click(window.ui(() -> buttonLabelled(second, "Don't install")));
        assertEquals(TrustQuestion.Answer.REFUSE, unsigned.get(10, TimeUnit.SECONDS));
    }

    @Test
    @Order(17)
    void anXmppAccountAddedInTheWizardOverTlsShowsItsContactsPresenceAndChat() throws Exception {
        Path work = AccountFixture.WORK.resolve("prosody");
        if (Files.exists(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        ProsodyServer prosody = ProsodyServer.start(work, Map.of("dora", "dora-pw", "erin", "erin-pw"));
        Address dora = new Address("xmpp:" + prosody.jid("dora"));
        Address erin = new Address("xmpp:" + prosody.jid("erin"));
        Contacts contacts = accounts.service(Contacts.class);
        contacts.remove(new AccountId("dora"), erin);
        contacts.remove(new AccountId("erin"), dora);
        BlockingQueue<MessageEvent> erinsMessages = new LinkedBlockingQueue<>();
        ServiceRegistration<MessageListener> erinListens = CONTEXT.registerService(MessageListener.class,
                erinsMessages::add, new Hashtable<>(Map.of("parley.account.id", "erin")));
        ConfigurationAdmin admin = accounts.service(ConfigurationAdmin.class);
        Configuration erinsAccount = admin.getFactoryConfiguration(XMPP_FACTORY_PID, "erin", "?");
        try {
            window.click("accounts.add");
            Shell wizard = window.shell("Add account");
            choose(window.control(wizard, "account.protocol", Combo.class), "XMPP");
            window.type(window.control(wizard, "account.address", Text.class), "sip:" + prosody.jid("dora"));
            Label status = window.control(wizard, "account.status", Label.class);
            window.awaitValue("a SIP address is refused as a JID", () -> window.read(status, Label::getText),
                    text -> text.contains("SIP address"));
            window.type(window.control(wizard, "account.address", Text.class), prosody.jid("dora"));
            window.type(window.control(wizard, "account.server", Text.class), "127.0.0.1:" + prosody.port());
            window.type(window.control(wizard, "account.password", Text.class), "not-her-password");
            window.click(window.control(wizard, "account.test", Button.class));
            // TLS is required by default, and no authority vouches for Prosody's certificate: the wizard asks
            Shell prompt = window.shell("Untrusted certificate");
            String shown = window.read(window.control(prompt, "certificate.fingerprint", Text.class), Text::getText)
                    .replaceAll("\\s", "");
            window.click(window.control(prompt, "certificate.trust", Button.class));
            window.awaitValue("trusted, the test gets to the password, which Prosody refuses",
                    () -> window.read(status, Label::getText), text -> text.toLowerCase().contains("password"));
            window.type(window.control(wizard, "account.password", Text.class), "dora-pw");
            window.click(window.control(wizard, "account.test", Button.class));
            window.awaitValue("the test says the account logged in", () -> window.read(status, Label::getText),
                    text -> text.equals("Logged in"));
            window.screenshot(wizard, SCREENSHOTS.resolve("account-wizard-xmpp.png"));
            window.click(window.control(wizard, "account.save", Button.class));
            window.await("the wizard closes", () -> !window.shellOpen("Add account"));
            assertEquals("xmpp:" + prosody.jid("dora"), setting("dora", "address"), "stored as an XMPP account");
            assertEquals("required", setting("dora", "security"));
            assertEquals(shown, setting("dora", "tlsPinnedCertificate"), "the certificate trusted in the wizard is pinned");
            Table table = window.control("accounts.table", Table.class);
            window.awaitValue("dora's account is listed as logged in", () -> accountRows(table),
                    rows -> rows.stream().anyMatch(row -> row.contains("dora@") && row.endsWith("Logged in")));

            accounts.service(CredentialStore.class).storePassword(new AccountId("erin"), "erin-pw".toCharArray());
            erinsAccount.update(new Hashtable<>(Map.of("parley.account.id", "erin", "address", erin.uri(), "server",
                    "127.0.0.1:" + prosody.port(), "security", "disabled", "presencePolicy", "accept")));
            accounts.await("erin", AccountFixture::registered, "erin logged in");
            contacts.put(new AccountId("erin"), Contact.of(dora, "Dora"));

            window.click("contacts.add");
            Shell dialog = window.shell("Add contact");
            choose(window.control(dialog, "contact.account", Combo.class), "dora");
            window.type(window.control(dialog, "contact.address", Text.class), prosody.jid("erin"));
            window.type(window.control(dialog, "contact.name", Text.class), "Erin XMPP");
            window.click(window.control(dialog, "contact.save", Button.class));
            Tree tree = window.control("contacts.tree", Tree.class);
            window.awaitValue("Erin is listed with the presence Prosody sends", () -> contactStatus(tree, "Erin XMPP"),
                    text -> text.equals("Available"));
            assertTrue(contacts.list(new AccountId("dora")).stream().anyMatch(contact -> contact.address().equals(erin)),
                    "the address typed without a scheme is an XMPP address for an XMPP account");
            presence("erin").publish(new PresenceStatus(Availability.AWAY, Optional.of("at lunch")));
            window.awaitValue("and its change", () -> contactStatus(tree, "Erin XMPP"),
                    text -> text.equals("Away: at lunch"));
            selectContact(tree, "Erin XMPP");
            List<String> disabled = window.ui(() -> {
                Menu menu = tree.getMenu();
                menu.notifyListeners(SWT.Show, new Event());
                return Arrays.stream(menu.getItems()).filter(item -> !item.getEnabled()).map(MenuItem::getText).toList();
            });
            assertEquals(List.of("Call"), disabled, "an XMPP contact cannot be called, only written to");

            window.fire(tree, SWT.DefaultSelection, new Event());
            Composite conversation = window.control("chat:" + erin.uri(), Composite.class);
            StyledText transcript = window.control(conversation, "chat.transcript", StyledText.class);
            window.type(window.control(conversation, "chat.input", Text.class), "Hello Erin, over XMPP");
            window.click(window.control(conversation, "chat.send", Button.class));
            window.awaitValue("Erin receives it", () -> erinsMessages.stream()
                    .filter(MessageEvent.Received.class::isInstance).map(MessageEvent.Received.class::cast)
                    .map(MessageEvent.Received::text).toList(), texts -> texts.contains("Hello Erin, over XMPP"));
            window.awaitValue("the transcript shows it delivered", () -> window.read(transcript, StyledText::getText),
                    text -> text.contains("Me: Hello Erin, over XMPP  ✓ delivered"));
            messaging("erin").send(dora, "Hi Dora!");
            window.awaitValue("Erin's answer appears in the conversation", () -> window.read(transcript, StyledText::getText),
                    text -> text.contains("Erin XMPP: Hi Dora!"));
            window.screenshot(window.mainShell().orElseThrow(), SCREENSHOTS.resolve("conversation-xmpp.png"));

            window.ui(() -> {
                for (int i = 0; i < table.getItemCount(); i++) {
                    if (table.getItem(i).getText(0).contains("dora@")) {
                        table.setSelection(i);
                    }
                }
                return null;
            });
            window.click("accounts.edit");
            Shell editor = window.shell("Edit account dora");
            Text address = window.control(editor, "account.address", Text.class);
            window.await("the XMPP form shows dora's settings", () -> window.read(address, Text::getText)
                    .equals(prosody.jid("dora")) && window.read(address, Text::isEnabled));
            assertTrue(window.read(window.control(editor, "account.security", Combo.class), Combo::getText)
                    .startsWith("TLS required"), "with her security setting");
            window.click(window.control(editor, "account.cancel", Button.class));
            window.await("the editor closes", () -> !window.shellOpen("Edit account dora"));

            window.click("prefs.open");
            Shell preferences = window.shell("Preferences");
            Button ok = window.control(preferences, "prefs.ok", Button.class);
            window.await("the settings are loaded", () -> window.read(ok, Button::isEnabled));
            choose(window.control(preferences, "prefs.presenceAccount", Combo.class), "dora");
            Combo policy = window.control(preferences, "prefs.presencePolicy", Combo.class);
            assertEquals(2, window.read(policy, Combo::getItemCount), "XMPP offers two presence policies");
            assertTrue(window.read(policy, Combo::isEnabled));
            assertFalse(window.read(window.control(preferences, "prefs.srtp", Combo.class), Combo::isEnabled),
                    "an XMPP account has no call settings");
            window.click(window.control(preferences, "prefs.cancel", Button.class));
            window.await("the preferences close", () -> !window.shellOpen("Preferences"));
        } finally {
            erinListens.unregister();
            for (String id : List.of("dora", "erin")) {
                Configuration[] found = admin.listConfigurations("(parley.account.id=" + id + ")");
                for (Configuration configuration : found == null ? new Configuration[0] : found) {
                    configuration.delete();
                }
            }
            // the accounts log out before their server goes
            window.await("the XMPP accounts have gone", () -> {
                try {
                    return CONTEXT.getServiceReferences(org.parley.core.account.Account.class, "(parley.protocol=xmpp)")
                            .isEmpty();
                } catch (org.osgi.framework.InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
            });
            prosody.close();
        }
    }

    /** The texts of the shell's labels and buttons (UI thread). */
    private static List<String> texts(Composite parent) {
        List<String> texts = new java.util.ArrayList<>();
        for (Control child : parent.getChildren()) {
            if (child instanceof Label label) {
                texts.add(label.getText());
            } else if (child instanceof Button button) {
                texts.add(button.getText());
            }
            if (child instanceof Composite composite) {
                texts.addAll(texts(composite));
            }
        }
        return texts;
    }

    /** A setting of an account's configuration, or {@code null} when it (or the account) is absent. */
    private static String setting(String account, String key) {
        try {
            ConfigurationAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(ConfigurationAdmin.class));
            Configuration[] found = admin.listConfigurations("(parley.account.id=" + account + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return null;
            }
            Object value = found[0].getProperties().get(key);
            return value == null ? null : value.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> tableRows(Table table) {
        return window.ui(() -> Arrays.stream(table.getItems()).map(item -> {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < table.getColumnCount(); i++) {
                row.append(item.getText(i)).append(" | ");
            }
            return row.toString();
        }).toList());
    }

    /** The tab folder (on the UI thread) that has a tab titled {@code title}. */
    private static CTabFolder findFolderWith(String title) {
        List<CTabFolder> folders = new java.util.ArrayList<>();
        collectFolders(window.mainShell().orElseThrow(), folders);
        return folders.stream().filter(f -> Arrays.stream(f.getItems()).anyMatch(i -> i.getText().equals(title)))
                .findFirst().orElseThrow();
    }

    private static void collectFolders(Control control, List<CTabFolder> folders) {
        if (control instanceof CTabFolder folder) {
            folders.add(folder);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collectFolders(child, folders);
            }
        }
    }

    /** Puts a link into the window's inbox as the launcher does: written aside, then moved in. */
    private static void drop(Path inbox, String name, String link) throws Exception {
        Path aside = inbox.resolve("." + name + ".tmp");
        java.nio.file.Files.writeString(aside, link + "\n");
        java.nio.file.Files.move(aside, inbox.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> accountRows(Table table) {
        return window.ui(() -> Arrays.stream(table.getItems()).map(i -> i.getText(0) + " " + i.getText(1)).toList());
    }

    private static List<String> contactRows(Tree tree) {
        return window.ui(() -> Arrays.stream(tree.getItems()).flatMap(group -> Arrays.stream(group.getItems())
                .map(item -> group.getText(0) + "/" + item.getText(0))).toList());
    }

    private static void setTeamExpanded(Tree tree, boolean expanded) {
        window.ui(() -> {
            tree.getItem(0).setExpanded(expanded);
            return null;
        });
    }

    private static String contactStatus(Tree tree, String name) {
        return window.ui(() -> Arrays.stream(tree.getItems()).flatMap(group -> Arrays.stream(group.getItems()))
                .filter(item -> item.getText(0).equals(name)).map(item -> item.getText(1)).findFirst().orElse("(absent)"));
    }

    private static void selectContact(Tree tree, String name) {
        window.ui(() -> {
            TreeItem item = Arrays.stream(tree.getItems()).flatMap(group -> Arrays.stream(group.getItems()))
                    .filter(i -> i.getText(0).equals(name)).findFirst().orElseThrow();
            tree.setSelection(item);
            return null;
        });
    }

    /** The labels of the contact menu for Bob, as the window builds it when the menu opens. */
    private static List<String> contactMenu() {
        Tree tree = window.control("contacts.tree", Tree.class);
        selectContact(tree, "Bob Builder");
        return window.ui(() -> {
            Menu menu = tree.getMenu();
            menu.notifyListeners(SWT.Show, new Event());
            return Arrays.stream(menu.getItems()).map(MenuItem::getText).toList();
        });
    }

    private static List<String> tabTitles() {
        return window.ui(() -> {
            List<String> titles = new java.util.ArrayList<>();
            for (Shell shell : window.display().getShells()) {
                collectTabs(shell, titles);
            }
            return titles;
        });
    }

    private static void collectTabs(Control control, List<String> titles) {
        if (control instanceof CTabFolder folder) {
            Arrays.stream(folder.getItems()).map(item -> item.getText()).forEach(titles::add);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collectTabs(child, titles);
            }
        }
    }

    private static Optional<Composite> alicesPanel() {
        return alicesPanelWith("bob");
    }

    /** The visible panel of one of alice's calls whose peer contains {@code peer}. */
    private static Optional<Composite> alicesPanelWith(String peer) {
        return window.ui(() -> {
            Control calls = RunningWindowIds.find(window.mainShell().orElseThrow(), "calls");
            if (calls == null) {
                return Optional.empty();
            }
            return Arrays.stream(((Composite) calls).getChildren())
                    .filter(c -> c.getData(RunningWindow.KEY) instanceof String id && id.startsWith("call:alice/"))
                    .map(Composite.class::cast)
                    .filter(panel -> panel.isVisible() && peerOf(panel).contains(peer)).findFirst();
        });
    }

    private static String peerOf(Composite panel) {
        Control peer = RunningWindowIds.find(panel, "call.peer");
        return peer == null ? "" : ((Label) peer).getText().toLowerCase();
    }

    private static MessageEvent.Received awaitBobReceives() throws InterruptedException {
        long deadline = System.nanoTime() + RunningWindow.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            MessageEvent event = bobsMessages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event instanceof MessageEvent.Received received) {
                return received;
            }
        }
        throw new AssertionError("bob received no message");
    }

    private static Call awaitCall(Telephony telephony, CallState state) {
        return window.awaitValue("a call in state " + state, () -> telephony.calls().stream()
                .filter(call -> call.state() == state).findFirst(), Optional::isPresent).get();
    }

    private static void useTone(String account) throws Exception {
        ConfigurationAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(ConfigurationAdmin.class));
        Configuration[] found = admin.listConfigurations("(parley.account.id=" + account + ")");
        assertTrue(found != null && found.length == 1, "one configuration for " + account);
        Dictionary<String, Object> properties = found[0].getProperties();
        properties.put("audioSource", "tone:440");
        properties.put("audioSink", "discard");
        found[0].update(properties);
        accounts.await(account, state -> state instanceof org.parley.core.account.RegistrationState.Registered,
                "registered again with the tone", Duration.ofSeconds(20));
    }

    private static <S> S service(Class<S> type, String account) throws Exception {
        var references = CONTEXT.getServiceReferences(type, "(parley.account.id=" + account + ")");
        assertEquals(1, references.size(), "one " + type.getSimpleName() + " for " + account);
        return CONTEXT.getService(references.iterator().next());
    }

    private static Presence presence(String account) throws Exception {
        return service(Presence.class, account);
    }

    private static Messaging messaging(String account) throws Exception {
        return service(Messaging.class, account);
    }

    private static Telephony telephony(String account) throws Exception {
        accounts.account(account);
        return service(Telephony.class, account);
    }
}
