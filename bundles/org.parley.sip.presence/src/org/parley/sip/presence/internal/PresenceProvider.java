package org.parley.sip.presence.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.Contacts;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;

/**
 * Presence for every running SIP account: registers a {@link Presence} service per
 * {@link SipAccountContext} (removed with it), takes the accounts' presence NOTIFYs, watches the
 * contacts in each account's list as they come and go, and hands status changes to the
 * {@link PresenceListener} services.
 */
@Component(service = { SipRequestHandler.class, ContactListener.class }, property = {
        "parley.sip.methods=NOTIFY", "parley.sip.events=presence" })
public final class PresenceProvider implements SipRequestHandler, ContactListener {

    private static final Logger LOG = Logger.getLogger(PresenceProvider.class.getName());

    private final BundleContext context;
    private final Map<AccountId, Running> accounts = new ConcurrentHashMap<>();
    private final Map<PresenceListener, Optional<String>> listeners = new ConcurrentHashMap<>();
    private volatile Contacts contacts;

    private record Running(SipPresence presence, ServiceRegistration<Presence> registration) {
    }

    @Activate
    public PresenceProvider(BundleContext context) {
        this.context = context;
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
    void addAccount(SipAccountContext account) {
        SipPresence presence = new SipPresence(account, this::announce);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, account.accountId().value());
        properties.put(ServiceProperties.CAPABILITY, "presence");
        properties.put(ServiceProperties.PROTOCOL, "sip");
        accounts.put(account.accountId(), new Running(presence, context.registerService(Presence.class, presence, properties)));
        watchContacts(account.accountId(), presence);
    }

    void removeAccount(SipAccountContext account) {
        Running running = accounts.remove(account.accountId());
        if (running != null) {
            running.registration().unregister();
            running.presence().close();
        }
    }

    @Deactivate
    void stop() {
        accounts.values().forEach(running -> {
            running.registration().unregister();
            running.presence().close();
        });
        accounts.clear();
    }

    @Override
    public void handle(IncomingRequest request) {
        Running running = accounts.get(request.account().accountId());
        if (running == null) {
            throw new IllegalStateException("no presence for account " + request.account().accountId().value());
        }
        running.presence().notified(request);
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
