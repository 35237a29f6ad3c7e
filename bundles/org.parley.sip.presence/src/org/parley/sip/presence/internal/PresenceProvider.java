package org.parley.sip.presence.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import javax.sip.message.Request;

import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.account.RegistrationState;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Availability;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherListener;
import org.parley.core.presence.watchers.Watchers;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.Telephony;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;

/**
 * Presence for every running SIP account: registers a {@link Presence} and a {@link Watchers}
 * service per {@link SipAccountContext} (removed with it), takes the accounts' presence NOTIFYs
 * (of the contacts watched) and SUBSCRIBEs (of those watching the user), watches the contacts in
 * each account's list as they come and go, shows the user on the phone while an account has a
 * call up, publishes again what failed while an account could not reach its server once it
 * registers, and hands status changes to the {@link PresenceListener} services and watch requests
 * to the {@link WatcherListener} services.
 */
@Component(service = { SipRequestHandler.class, ContactListener.class, CallListener.class,
        RegistrationListener.class }, property = {
        "parley.sip.methods=NOTIFY", "parley.sip.methods=SUBSCRIBE", "parley.sip.events=presence" })
public final class PresenceProvider implements SipRequestHandler, ContactListener, CallListener, RegistrationListener {

    private static final Logger LOG = Logger.getLogger(PresenceProvider.class.getName());

    private final BundleContext context;
    private final StatusMemory memory;
    private final Map<AccountId, Running> accounts = new ConcurrentHashMap<>();
    private final Map<PresenceListener, Optional<String>> listeners = new ConcurrentHashMap<>();
    private final Map<WatcherListener, Optional<String>> watcherListeners = new ConcurrentHashMap<>();
    private final Map<AccountId, PresenceSettings> settings = new ConcurrentHashMap<>();
    private final CallActivity calls = new CallActivity();
    private volatile Contacts contacts;

    private record Running(SipAccountContext account, SipPresence presence, ServiceRegistration<Presence> registration,
            ServiceRegistration<Watchers> watchers) {

        void close() {
            registration.unregister();
            watchers.unregister();
            presence.close();
        }
    }

    /**
     * Accounts bound before {@link #activate()}: they start only once SCR has bound every service
     * present at start, so that the first statuses their watches hear reach all listeners (SCR binds
     * the accounts first, before the listeners).
     */
    private final List<SipAccountContext> waiting = new ArrayList<>();
    private boolean activated;

    @Activate
    public PresenceProvider(BundleContext context) {
        this.context = context;
        this.memory = new StatusMemory(UserDataDirectory.of(context).resolve("presence"));
    }

    @Activate
    synchronized void activate() {
        activated = true;
        waiting.forEach(this::start);
        waiting.clear();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setContacts(Contacts contacts) {
        this.contacts = contacts;
        accounts.forEach((account, running) -> watchContacts(account, running.presence()));
    }

    void unsetContacts(Contacts contacts) {
        if (this.contacts == contacts) {
            this.contacts = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PresenceListener listener, Map<String, Object> properties) {
        listeners.put(listener, Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf));
    }

    void removeListener(PresenceListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addWatcherListener(WatcherListener listener, Map<String, Object> properties) {
        watcherListeners.put(listener, Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf));
    }

    void removeWatcherListener(WatcherListener listener) {
        watcherListeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSettings(PresenceSettings accountSettings) {
        settings.put(accountSettings.account(), accountSettings);
        Running running = accounts.get(accountSettings.account());
        if (running != null) {
            running.presence().watcherRulesChanged();
        }
    }

    void removeSettings(PresenceSettings accountSettings) {
        settings.remove(accountSettings.account(), accountSettings);
    }

    /**
     * Counts the calls an account has up already (this bundle, or the account's presence, started
     * during a call). Looked up, not bound: the SIP account, which offers the calls, takes this
     * provider as a call listener, and binding each other while both start is a cycle SCR breaks.
     * Runs on the account's presence thread, outside the SCR call that started the account.
     */
    private void countCallsUp(AccountId account) {
        try {
            for (ServiceReference<Telephony> reference : context.getServiceReferences(Telephony.class,
                    "(" + ServiceProperties.ACCOUNT_ID + "=" + account.value() + ")")) {
                Telephony telephony = context.getService(reference);
                if (telephony == null) {
                    continue;
                }
                try {
                    if (calls.seed(account, telephony.calls())) {
                        Running running = accounts.get(account);
                        if (running != null) {
                            running.presence().onThePhone(calls.onThePhone(account));
                        }
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the calls of " + account.value(), e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addAccount(SipAccountContext account) {
        if (activated) {
            start(account);
        } else {
            waiting.add(account);
        }
    }

    private void start(SipAccountContext account) {
        AccountId id = account.accountId();
        SipPresence presence = new SipPresence(account, this::announce,
                () -> settings.getOrDefault(id, new PresenceSettings(id)), watcher -> isContact(id, watcher), this::asked,
                status -> memory.remember(id, status));
        // as the user left it, or available (a registered account is not shown offline); before the
        // service is registered, so that what its users set first wins
        presence.onThePhone(calls.onThePhone(id));
        presence.publish(memory.recall(id).orElse(PresenceStatus.of(Availability.AVAILABLE)));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, id.value());
        properties.put(ServiceProperties.PROTOCOL, "sip");
        ServiceRegistration<Watchers> watchers = context.registerService(Watchers.class, presence.watchers(), properties);
        properties.put(ServiceProperties.CAPABILITY, "presence");
        Running previous = accounts.put(id,
                new Running(account, presence, context.registerService(Presence.class, presence, properties), watchers));
        if (previous != null) {
            // the SIP bundle registered the account's new context before removing the old one
            previous.close();
        }
        watchContacts(id, presence);
        presence.inBackground(() -> countCallsUp(id));
    }

    synchronized void removeAccount(SipAccountContext account) {
        waiting.remove(account);
        Running running = accounts.get(account.accountId());
        if (running != null && running.account() == account && accounts.remove(account.accountId(), running)) {
            running.close();
        }
    }

    @Deactivate
    void stop() {
        accounts.values().forEach(Running::close);
        accounts.clear();
    }

    @Override
    public void handle(IncomingRequest request) {
        Running running = accounts.get(request.account().accountId());
        if (running == null) {
            throw new IllegalStateException("no presence for account " + request.account().accountId().value());
        }
        if (request.request().getMethod().equals(Request.SUBSCRIBE)) {
            running.presence().subscribed(request);
        } else {
            running.presence().notified(request);
        }
    }

    @Override
    public void callChanged(CallEvent event) {
        if (calls.update(event)) {
            Running running = accounts.get(event.account());
            if (running != null) {
                running.presence().onThePhone(calls.onThePhone(event.account()));
            }
        }
    }

    /** A PUBLISH that failed while the account could not reach its server is sent once it registers. */
    @Override
    public void registrationChanged(RegistrationEvent event) {
        if (event.current() instanceof RegistrationState.Registered
                && !(event.previous() instanceof RegistrationState.Registered)) {
            Running running = accounts.get(event.account());
            if (running != null) {
                running.presence().registered();
            }
        }
    }

    private boolean isContact(AccountId account, Address watcher) {
        Contacts current = contacts;
        if (current == null) {
            return false;
        }
        String wanted = SubscribeRequest.person(watcher);
        try {
            return current.list(account).stream().anyMatch(contact -> SubscribeRequest.person(contact.address()).equals(wanted));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the contact list of " + account.value(), e);
            return false;
        }
    }

    private void asked(Watcher watcher) {
        watcherListeners.forEach((listener, wanted) -> {
            if (wanted.isEmpty() || wanted.get().equals(watcher.account().value())) {
                try {
                    listener.watcherAsked(watcher);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A watcher listener failed", e);
                }
            }
        });
    }

    @Override
    public void contactsChanged(ContactEvent event) {
        Running running = accounts.get(event.account());
        if (running == null) {
            return;
        }
        switch (event) {
            case ContactEvent.Added added -> running.presence().watch(added.contact().address());
            case ContactEvent.Changed changed -> running.presence().watch(changed.contact().address());
            case ContactEvent.Removed removed -> running.presence().unwatch(removed.contact().address());
        }
        running.presence().watcherRulesChanged();
    }

    private void watchContacts(AccountId account, SipPresence presence) {
        Contacts current = contacts;
        if (current == null) {
            return;
        }
        try {
            current.list(account).stream().map(Contact::address).forEach(presence::watch);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the contact list of " + account.value(), e);
        }
    }

    private void announce(PresenceEvent event) {
        listeners.forEach((listener, wanted) -> {
            if (wanted.isEmpty() || wanted.get().equals(event.account().value())) {
                try {
                    listener.presenceChanged(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A presence listener failed", e);
                }
            }
        });
    }
}
