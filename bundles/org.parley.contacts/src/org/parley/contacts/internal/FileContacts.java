package org.parley.contacts.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.ContactStoreException;
import org.parley.core.contacts.Contacts;

/**
 * The contact lists, one {@link ContactFile} per account under {@code <user data>/contacts}. A
 * list that cannot be read is never written over: reading or changing it fails with the reason until
 * the file is repaired or removed.
 */
@Component(service = Contacts.class)
public final class FileContacts implements Contacts {

    private static final Logger LOG = Logger.getLogger(FileContacts.class.getName());
    private static final Comparator<Contact> ORDER = Comparator.comparing(Contact::displayName, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(contact -> contact.address().uri());

    private final Path directory;
    private final Map<AccountId, Map<Address, Contact>> lists = new HashMap<>();
    private final Optional<BundleContext> context;

    @Activate
    public FileContacts(BundleContext context) {
        this(UserDataDirectory.of(context).resolve("contacts"), Optional.of(context));
    }

    /** Contact lists kept in {@code directory}, telling no listeners. */
    public FileContacts(Path directory) {
        this(directory, Optional.empty());
    }

    private FileContacts(Path directory, Optional<BundleContext> context) {
        this.directory = directory;
        this.context = context;
    }

    @Override
    public synchronized List<Contact> list(AccountId account) {
        List<Contact> contacts = new ArrayList<>(load(account).values());
        contacts.sort(ORDER);
        return List.copyOf(contacts);
    }

    @Override
    public synchronized Optional<Contact> find(AccountId account, Address address) {
        return Optional.ofNullable(load(account).get(address));
    }

    @Override
    public void put(AccountId account, Contact contact) {
        ContactEvent event;
        synchronized (this) {
            Map<Address, Contact> changed = new LinkedHashMap<>(load(account));
            Contact previous = changed.put(contact.address(), contact);
            if (contact.equals(previous)) {
                return;
            }
            store(account, changed);
            event = previous == null ? new ContactEvent.Added(account, contact) : new ContactEvent.Changed(account, contact);
        }
        announce(event);
    }

    @Override
    public boolean remove(AccountId account, Address address) {
        ContactEvent event;
        synchronized (this) {
            Map<Address, Contact> changed = new LinkedHashMap<>(load(account));
            Contact removed = changed.remove(address);
            if (removed == null) {
                return false;
            }
            store(account, changed);
            event = new ContactEvent.Removed(account, removed);
        }
        announce(event);
        return true;
    }

    private Map<Address, Contact> load(AccountId account) {
        Map<Address, Contact> list = lists.get(account);
        if (list != null) {
            return list;
        }
        try {
            Map<Address, Contact> read = new LinkedHashMap<>();
            ContactFile.read(file(account)).forEach(contact -> read.put(contact.address(), contact));
            lists.put(account, read);
            return read;
        } catch (IOException e) {
            throw new ContactStoreException("The contact list of " + account.value() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void store(AccountId account, Map<Address, Contact> list) {
        try {
            ContactFile.write(file(account), List.copyOf(list.values()));
            lists.put(account, list);
        } catch (IOException e) {
            throw new ContactStoreException("The contact list of " + account.value() + " cannot be written: " + e.getMessage(), e);
        }
    }

    private Path file(AccountId account) {
        return directory.resolve(ContactFile.encode(account.value()) + ".contacts");
    }

    /**
     * Tells the {@link ContactListener} services (of this account, or of all) about a change. They
     * are looked up now rather than bound: a listener such as the presence provider uses the
     * contact lists too, and binding each other while both start would be a cycle.
     */
    private void announce(ContactEvent event) {
        if (context.isEmpty()) {
            return;
        }
        BundleContext bundles = context.get();
        Collection<ServiceReference<ContactListener>> references;
        try {
            references = bundles.getServiceReferences(ContactListener.class, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return;
        }
        for (ServiceReference<ContactListener> reference : references) {
            Object wanted = reference.getProperty(ServiceProperties.ACCOUNT_ID);
            if (wanted != null && !String.valueOf(wanted).equals(event.account().value())) {
                continue;
            }
            ContactListener listener = bundles.getService(reference);
            if (listener == null) {
                continue;
            }
            try {
                listener.contactsChanged(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A contact listener failed", e);
            } finally {
                bundles.ungetService(reference);
            }
        }
    }
}
