package org.parley.ui.internal.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.ProtocolProvider;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.Contacts;
import org.parley.core.history.Conversation;
import org.parley.core.history.History;
import org.parley.core.media.AudioDevices;
import org.parley.core.media.MediaEngine;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.plugins.PluginListener;
import org.parley.core.plugins.Plugins;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.provisioning.ProvisionedSettings;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.ui.api.CallPanelButton;
import org.parley.ui.api.ContactAction;
import org.parley.ui.api.ViewContribution;

/**
 * Everything the window shows, gathered from the service registry: the accounts and their
 * capabilities, contact lists, calls, conversations and the slots' contributions. Services come
 * and go at any time; every change is passed to the window's watchers (on the thread it happened
 * on: the window moves it to the UI thread). It also counts missed calls and unread messages.
 */
@Component(immediate = true, service = DesktopSession.class)
public final class DesktopSession
        implements RegistrationListener, PresenceListener, CallListener, MessageListener, ContactListener {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, ProtocolProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, Telephony> telephonies = new ConcurrentHashMap<>();
    private final Map<String, Presence> presences = new ConcurrentHashMap<>();
    private final Map<String, Messaging> messagings = new ConcurrentHashMap<>();
    private final Ranked<ViewContribution> views = new Ranked<>();
    private final Ranked<ContactAction> contactActions = new Ranked<>();
    private final Ranked<CallPanelButton> callButtons = new Ranked<>();
    private final List<Consumer<SessionChange>> watchers = new CopyOnWriteArrayList<>();
    private final Set<CallKey> answered = ConcurrentHashMap.newKeySet();
    private final Set<CallKey> calledIn = ConcurrentHashMap.newKeySet();
    private final Set<CallKey> muted = ConcurrentHashMap.newKeySet();
    private final Set<CallKey> missed = ConcurrentHashMap.newKeySet();
    private final Map<Conversation, Integer> unread = new ConcurrentHashMap<>();
    private final Set<Conversation> reading = ConcurrentHashMap.newKeySet();

    private volatile Contacts contacts;
    private volatile History history;
    private volatile CredentialStore credentials;
    private volatile ConfigurationAdmin configurations;
    // got on first use: getting them starts libjitsi, which the window does not need to open
    private volatile ComponentServiceObjects<AudioDevices> audioDevices;
    private volatile ComponentServiceObjects<MediaEngine> media;
    private volatile Plugins plugins;
    private volatile ProvisionedSettings provisioned;

    private ServiceRegistration<?> listening;

    /**
     * Listens through a plain service registration, not as a DS service: providers look up
     * listeners while SCR activates them, and a DS listener that binds those providers' own
     * services would make SCR wait for itself.
     */
    @Activate
    void activate(BundleContext context) {
        listening = context.registerService(new String[] { RegistrationListener.class.getName(),
                PresenceListener.class.getName(), CallListener.class.getName(), MessageListener.class.getName(),
                ContactListener.class.getName(), PluginListener.class.getName() }, new Forwarder(this), null);
    }

    @Deactivate
    void deactivate() {
        listening.unregister();
    }

    /** The listener services; a separate object so that the session itself is registered only as what it is. */
    private record Forwarder(DesktopSession session)
            implements RegistrationListener, PresenceListener, CallListener, MessageListener, ContactListener,
            PluginListener {
        @Override
        public void registrationChanged(RegistrationEvent event) {
            session.registrationChanged(event);
        }

        @Override
        public void presenceChanged(PresenceEvent event) {
            session.presenceChanged(event);
        }

        @Override
        public void callChanged(CallEvent event) {
            session.callChanged(event);
        }

        @Override
        public void messageChanged(MessageEvent event) {
            session.messageChanged(event);
        }

        @Override
        public void contactsChanged(ContactEvent event) {
            session.contactsChanged(event);
        }

        @Override
        public void pluginsChanged(PluginEvent event) {
            session.changed(new SessionChange.PluginsChanged(event));
        }
    }

    /** Passes every change to {@code watcher} until the returned handle is closed. */
    public AutoCloseable watch(Consumer<SessionChange> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private void changed(SessionChange change) {
        for (Consumer<SessionChange> watcher : watchers) {
            watcher.accept(change);
        }
    }

    // --- what the window reads

    /** The accounts, sorted by id. */
    public List<Account> accounts() {
        return accounts.values().stream().sorted(Comparator.comparing(a -> a.id().value())).toList();
    }

    public Optional<Account> account(AccountId id) {
        return Optional.ofNullable(accounts.get(id.value()));
    }

    public Optional<Telephony> telephony(AccountId account) {
        return Optional.ofNullable(telephonies.get(account.value()));
    }

    public Optional<Presence> presence(AccountId account) {
        return Optional.ofNullable(presences.get(account.value()));
    }

    public Optional<Messaging> messaging(AccountId account) {
        return Optional.ofNullable(messagings.get(account.value()));
    }

    /** The calls of all accounts that have not ended, oldest first per account. */
    public List<Call> calls() {
        List<Call> all = new ArrayList<>();
        for (Account account : accounts()) {
            telephony(account.id()).ifPresent(telephony -> all.addAll(telephony.calls()));
        }
        return all;
    }

    public Optional<Call> call(CallKey key) {
        return calls().stream().filter(call -> CallKey.of(call).equals(key)).findFirst();
    }

    public Optional<Contacts> contacts() {
        return Optional.ofNullable(contacts);
    }

    public Optional<History> history() {
        return Optional.ofNullable(history);
    }

    public Optional<CredentialStore> credentials() {
        return Optional.ofNullable(credentials);
    }

    public Optional<ConfigurationAdmin> configurations() {
        return Optional.ofNullable(configurations);
    }

    /** The sound devices; asking the first time starts their media engine. */
    public Optional<AudioDevices> audioDevices() {
        return Optional.ofNullable(audioDevices).map(ComponentServiceObjects::getService);
    }

    /** The settings an administrator provisioned and locked, when the installation provisions any. */
    public Optional<ProvisionedSettings> provisioned() {
        return Optional.ofNullable(provisioned);
    }

    /** The plugin manager, when the installation has one (the update bundle runs). */
    public Optional<Plugins> plugins() {
        return Optional.ofNullable(plugins);
    }

    /** The media engine; asking the first time starts it. */
    public Optional<MediaEngine> media() {
        return Optional.ofNullable(media).map(ComponentServiceObjects::getService);
    }

    /** The protocol providers accounts can be created for, by protocol name. */
    public Map<String, ProtocolProvider> providers() {
        return Map.copyOf(providers);
    }

    public List<ViewContribution> views() {
        return views.list();
    }

    public List<ContactAction> contactActions() {
        return contactActions.list();
    }

    public List<CallPanelButton> callPanelButtons() {
        return callButtons.list();
    }

    /** Incoming calls that ended unanswered since the user last looked. */
    public int missedCalls() {
        return missed.size();
    }

    public void clearMissedCalls() {
        if (!missed.isEmpty()) {
            missed.clear();
            changed(new SessionChange.Counters());
        }
    }

    /** Received messages not yet seen, over all conversations. */
    public int unreadMessages() {
        return unread.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int unreadMessages(Conversation conversation) {
        return unread.getOrDefault(conversation, 0);
    }

    /**
     * Whether the user has {@code conversation} in front of them: while they do, its messages
     * are not counted as unread, and marking it read clears its count.
     */
    public void setReading(Conversation conversation, boolean on) {
        if (on) {
            reading.add(conversation);
            if (unread.remove(conversation) != null) {
                changed(new SessionChange.Counters());
            }
        } else {
            reading.remove(conversation);
        }
    }

    /** Whether the user muted {@code call} (the call itself does not say). */
    public boolean muted(Call call) {
        return muted.contains(CallKey.of(call));
    }

    /** Mutes or unmutes {@code call} and remembers which. */
    public void setMuted(Call call, boolean on) {
        call.setMuted(on);
        if (on) {
            muted.add(CallKey.of(call));
        } else {
            muted.remove(CallKey.of(call));
        }
        changed(new SessionChange.Muted(CallKey.of(call), on));
    }

    // --- the registry's side

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccount(Account account) {
        accounts.put(account.id().value(), account);
        changed(new SessionChange.Accounts());
    }

    void removeAccount(Account account) {
        accounts.remove(account.id().value(), account);
        changed(new SessionChange.Accounts());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ProtocolProvider provider) {
        providers.put(provider.protocol(), provider);
        changed(new SessionChange.Accounts());
    }

    void removeProvider(ProtocolProvider provider) {
        providers.remove(provider.protocol(), provider);
        changed(new SessionChange.Accounts());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ServiceProperties.CAPABILITY + "=telephony)")
    void addTelephony(Telephony telephony, Map<String, Object> properties) {
        telephonies.put(accountOf(properties), telephony);
        changed(new SessionChange.Accounts());
    }

    void removeTelephony(Telephony telephony, Map<String, Object> properties) {
        telephonies.remove(accountOf(properties), telephony);
        changed(new SessionChange.Accounts());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ServiceProperties.CAPABILITY + "=presence)")
    void addPresence(Presence presence, Map<String, Object> properties) {
        presences.put(accountOf(properties), presence);
        changed(new SessionChange.Accounts());
        changed(new SessionChange.Contacts());
    }

    void removePresence(Presence presence, Map<String, Object> properties) {
        presences.remove(accountOf(properties), presence);
        changed(new SessionChange.Accounts());
        changed(new SessionChange.Contacts());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ServiceProperties.CAPABILITY + "=messaging)")
    void addMessaging(Messaging messaging, Map<String, Object> properties) {
        messagings.put(accountOf(properties), messaging);
        changed(new SessionChange.Accounts());
    }

    void removeMessaging(Messaging messaging, Map<String, Object> properties) {
        messagings.remove(accountOf(properties), messaging);
        changed(new SessionChange.Accounts());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setContacts(Contacts service) {
        contacts = service;
        changed(new SessionChange.Contacts());
    }

    void unsetContacts(Contacts service) {
        if (contacts == service) {
            contacts = null;
            changed(new SessionChange.Contacts());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setHistory(History service) {
        history = service;
        changed(new SessionChange.HistoryChanged());
    }

    void unsetHistory(History service) {
        if (history == service) {
            history = null;
            changed(new SessionChange.HistoryChanged());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCredentials(CredentialStore service) {
        credentials = service;
    }

    void unsetCredentials(CredentialStore service) {
        if (credentials == service) {
            credentials = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurations(ConfigurationAdmin service) {
        configurations = service;
    }

    void unsetConfigurations(ConfigurationAdmin service) {
        if (configurations == service) {
            configurations = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAudioDevices(ComponentServiceObjects<AudioDevices> service) {
        audioDevices = service;
    }

    void unsetAudioDevices(ComponentServiceObjects<AudioDevices> service) {
        if (audioDevices == service) {
            audioDevices = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMedia(ComponentServiceObjects<MediaEngine> service) {
        media = service;
    }

    void unsetMedia(ComponentServiceObjects<MediaEngine> service) {
        if (media == service) {
            media = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPlugins(Plugins service) {
        plugins = service;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setProvisioned(ProvisionedSettings service) {
        provisioned = service;
    }

    void unsetProvisioned(ProvisionedSettings service) {
        if (provisioned == service) {
            provisioned = null;
        }
    }

    void unsetPlugins(Plugins service) {
        if (plugins == service) {
            plugins = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addView(ViewContribution view, Map<String, Object> properties) {
        views.add(view, properties);
        changed(new SessionChange.Contributions());
    }

    void removeView(ViewContribution view) {
        views.remove(view);
        changed(new SessionChange.Contributions());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContactAction(ContactAction action, Map<String, Object> properties) {
        contactActions.add(action, properties);
        changed(new SessionChange.Contributions());
    }

    void removeContactAction(ContactAction action) {
        contactActions.remove(action);
        changed(new SessionChange.Contributions());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCallPanelButton(CallPanelButton button, Map<String, Object> properties) {
        callButtons.add(button, properties);
        changed(new SessionChange.Contributions());
    }

    void removeCallPanelButton(CallPanelButton button) {
        callButtons.remove(button);
        changed(new SessionChange.Contributions());
    }

    private static String accountOf(Map<String, Object> properties) {
        return String.valueOf(properties.get(ServiceProperties.ACCOUNT_ID));
    }

    // --- events (whiteboard listeners)

    @Override
    public void registrationChanged(RegistrationEvent event) {
        changed(new SessionChange.Accounts());
    }

    @Override
    public void presenceChanged(PresenceEvent event) {
        changed(new SessionChange.Contacts());
    }

    @Override
    public void contactsChanged(ContactEvent event) {
        changed(new SessionChange.Contacts());
    }

    @Override
    public void callChanged(CallEvent event) {
        if (event instanceof CallEvent.StateChanged change && change.current() == CallState.CONNECTED) {
            answered.add(CallKey.of(event));
        } else if (event instanceof CallEvent.Ended ended) {
            CallKey key = CallKey.of(event);
            muted.remove(key);
            boolean wasAnswered = answered.remove(key);
            boolean incoming = calledIn.remove(key);
            if (incoming && !wasAnswered && (ended.reason() == CallEvent.EndReason.REMOTE_HANGUP
                    || ended.reason() == CallEvent.EndReason.NO_ANSWER)) {
                missed.add(key);
                changed(new SessionChange.CallChanged(event));
                changed(new SessionChange.Counters());
                return;
            }
        } else if (event instanceof CallEvent.Started started && started.direction() == CallDirection.INCOMING) {
            calledIn.add(CallKey.of(event));
        }
        changed(new SessionChange.CallChanged(event));
    }

    @Override
    public void messageChanged(MessageEvent event) {
        if (event instanceof MessageEvent.Received) {
            Conversation conversation = new Conversation(event.account(), event.peer());
            if (!reading.contains(conversation)) {
                unread.merge(conversation, 1, Integer::sum);
                changed(new SessionChange.MessageChanged(event));
                changed(new SessionChange.Counters());
                return;
            }
        }
        changed(new SessionChange.MessageChanged(event));
    }
}
