/**
 * The user's contact lists: one per account, kept on this machine, with groups. The
 * {@link org.parley.core.contacts.Contacts} service keeps them; changes arrive as
 * {@link org.parley.core.contacts.ContactEvent}s at {@link org.parley.core.contacts.ContactListener}
 * services (whiteboard), which is how presence knows whom to watch.
 */
package org.parley.core.contacts;
