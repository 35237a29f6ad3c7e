package org.parley.contacts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.Contacts;

class ContactsServiceTest {

    private final BundleContext context = FrameworkUtil.getBundle(ContactsServiceTest.class).getBundleContext();

    private Contacts contacts(long waitMillis) throws InterruptedException {
        ServiceTracker<Contacts, Contacts> tracker = new ServiceTracker<>(context, Contacts.class, null);
        tracker.open();
        try {
            return tracker.waitForService(waitMillis);
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String name) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(name)) {
                return bundle;
            }
        }
        throw new AssertionError(name + " is not installed");
    }

    @Test
    void listenersOfAnAccountHearItsChangesAndTheListsOutliveARestartOfTheBundle() throws Exception {
        AccountId account = new AccountId("service-test");
        Address dave = new Address("sip:dave@example.org");
        BlockingQueue<ContactEvent> heard = new LinkedBlockingQueue<>();
        BlockingQueue<ContactEvent> otherAccount = new LinkedBlockingQueue<>();
        Hashtable<String, Object> mine = new Hashtable<>();
        mine.put(ServiceProperties.ACCOUNT_ID, account.value());
        Hashtable<String, Object> theirs = new Hashtable<>();
        theirs.put(ServiceProperties.ACCOUNT_ID, "someone-else");
        ServiceRegistration<ContactListener> listener = context.registerService(ContactListener.class, heard::add, mine);
        ServiceRegistration<ContactListener> other = context.registerService(ContactListener.class, otherAccount::add, theirs);
        try {
            Contacts service = contacts(10_000);
            assertNotNull(service, "a Contacts service");
            service.remove(account, dave);
            heard.clear();
            service.put(account, Contact.of(dave, "Dave", Set.of("Team")));
            assertEquals(new ContactEvent.Added(account, Contact.of(dave, "Dave", Set.of("Team"))),
                    heard.poll(5, TimeUnit.SECONDS));
            assertNull(otherAccount.poll(200, TimeUnit.MILLISECONDS), "a listener of another account hears nothing");

            Bundle provider = bundle("org.parley.contacts");
            provider.stop();
            assertNull(contacts(300), "no Contacts service while its bundle is stopped");
            provider.start();
            Contacts again = contacts(10_000);
            assertNotNull(again, "the Contacts service is back");
            assertEquals("Dave", again.find(account, dave).orElseThrow().displayName(), "the list survived the restart");
            again.remove(account, dave);
            assertEquals(ContactEvent.Removed.class, heard.poll(5, TimeUnit.SECONDS).getClass(),
                    "listeners registered before the restart are bound again");
        } finally {
            listener.unregister();
            other.unregister();
        }
    }
}
