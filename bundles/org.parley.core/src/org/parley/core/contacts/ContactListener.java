package org.parley.core.contacts;

/**
 * Hears about changes to contact lists: register one as an OSGi service (whiteboard), with the
 * {@link org.parley.core.ServiceProperties#ACCOUNT_ID} property to hear about one account only.
 */
@FunctionalInterface
public interface ContactListener {

    /** Called after the change is stored; must return quickly. */
    void contactsChanged(ContactEvent event);
}
