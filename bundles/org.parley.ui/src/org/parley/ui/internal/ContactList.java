package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactStoreException;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.ui.api.ContactAction;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The searchable contact list: groups, presence dots and notes, and a menu to call, message, edit and remove a contact or run what plugins add.
 */
final class ContactList {

    private final DesktopSession session;
    private final WindowActions actions;
    /** One contact of one account, as a row of the contact tree. */
    private record ContactRow(AccountId account, Contact contact) {
        String name() {
            return contact.displayName().isEmpty() ? contact.address().schemeSpecificPart() : contact.displayName();
        }
    }

    private Text search;
    private Tree contacts;
    /** The groups and rows the tree shows, in its order. */
    private Map<String, List<ContactRow>> lastShown = Map.of();

    ContactList(Composite parent, DesktopSession session, WindowActions actions) {
        this.session = session;
        this.actions = actions;
        contactList(parent);
    }

    private void contactList(Composite parent) {
        Label title = new Label(parent, SWT.NONE);
        title.setText("Contacts");
        search = Ids.set(new Text(parent, SWT.BORDER | SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "contacts.search");
        search.setMessage("Search contacts");
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        search.addModifyListener(event -> refresh());
        contacts = Ids.set(new Tree(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE), "contacts.tree");
        contacts.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Accessibility.name(contacts, "Contacts");
        new TreeColumn(contacts, SWT.NONE);
        new TreeColumn(contacts, SWT.NONE);
        contacts.addListener(SWT.Resize, event -> {
            int width = contacts.getClientArea().width;
            contacts.getColumn(0).setWidth(width * 50 / 100);
            contacts.getColumn(1).setWidth(width - width * 50 / 100);
        });
        contacts.addListener(SWT.DefaultSelection, event -> selectedContact()
                .ifPresent(row -> actions.openConversation(row.account(), row.contact().address())));
        Menu menu = new Menu(contacts);
        contacts.setMenu(menu);
        menu.addListener(SWT.Show, event -> fillContactMenu(menu));
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new RowLayout());
        Buttons.push(buttons, "Add contact…", "contacts.add", this::addContact);
    }

    private Optional<ContactRow> selectedContact() {
        TreeItem[] selection = contacts.getSelection();
        return selection.length == 1 && selection[0].getData() instanceof ContactRow row ? Optional.of(row) : Optional.empty();
    }

    private void fillContactMenu(Menu menu) {
        for (MenuItem item : menu.getItems()) {
            item.dispose();
        }
        Optional<ContactRow> selected = selectedContact();
        if (selected.isEmpty()) {
            menuItem(menu, "Add contact…", this::addContact);
            return;
        }
        ContactRow row = selected.get();
        // greyed for an account that cannot call (XMPP) or send messages
        menuItem(menu, "Call", () -> actions.call(row.account(), row.contact().address()))
                .setEnabled(session.telephony(row.account()).isPresent());
        menuItem(menu, "Message", () -> actions.openConversation(row.account(), row.contact().address()))
                .setEnabled(session.messaging(row.account()).isPresent());
        menuItem(menu, "Edit…", () -> ContactDialog.edit(actions.shell(), row.account(), row.contact())
                .ifPresent(this::storeContact));
        menuItem(menu, "Remove", () -> removeContact(row));
        List<ContactAction> contributed = session.contactActions().stream()
                .filter(action -> applies(action, row)).toList();
        if (!contributed.isEmpty()) {
            new MenuItem(menu, SWT.SEPARATOR);
            for (ContactAction action : contributed) {
                menuItem(menu, action.label(), () -> action.run(row.account(), row.contact(), actions.shell()));
            }
        }
    }

    private static boolean applies(ContactAction action, ContactRow row) {
        try {
            return action.appliesTo(row.account(), row.contact());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static MenuItem menuItem(Menu menu, String text, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.setData(Ids.KEY, "menu:" + text);
        item.addListener(SWT.Selection, event -> action.run());
        return item;
    }

    private void addContact() {
        Map<AccountId, String> ids = new LinkedHashMap<>();
        session.accounts().forEach(account -> ids.put(account.id(), account.protocol()));
        if (ids.isEmpty()) {
            MessageDialog.openInformation(actions.shell(), "Add contact", "Add an account first: contacts belong to an account.");
            return;
        }
        ContactDialog.add(actions.shell(), ids).ifPresent(this::storeContact);
    }

    private void storeContact(ContactDialog.Entry entry) {
        session.contacts().ifPresentOrElse(list -> {
            try {
                list.put(entry.account(), entry.contact());
            } catch (ContactStoreException e) {
                MessageDialog.openError(actions.shell(), "Contact not saved", e.getMessage());
            }
        }, () -> MessageDialog.openError(actions.shell(), "Contact not saved", "The contact list is not available."));
    }

    private void removeContact(ContactRow row) {
        if (MessageDialog.openConfirm(actions.shell(), "Remove contact", "Remove " + row.name() + " from your contacts?")) {
            session.contacts().ifPresent(list -> {
                try {
                    list.remove(row.account(), row.contact().address());
                } catch (ContactStoreException e) {
                    MessageDialog.openError(actions.shell(), "Contact not removed", e.getMessage());
                }
            });
        }
    }

    private PresenceStatus statusOf(ContactRow row) {
        return session.presence(row.account()).flatMap(presence -> presence.statusOf(row.contact().address()))
                .orElse(PresenceStatus.of(Availability.UNKNOWN));
    }

    void refresh() {
        Optional<ContactRow> selected = selectedContact();
        String filter = search.getText().strip().toLowerCase(Locale.ROOT);
        Map<String, List<ContactRow>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<ContactRow> ungrouped = new ArrayList<>();
        session.contacts().ifPresent(list -> {
            for (Account account : session.accounts()) {
                for (Contact contact : list.list(account.id())) {
                    ContactRow row = new ContactRow(account.id(), contact);
                    if (!matches(row, filter)) {
                        continue;
                    }
                    if (contact.groups().isEmpty()) {
                        ungrouped.add(row);
                    }
                    for (String group : contact.groups()) {
                        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
                    }
                }
            }
        });
        if (filter.isEmpty()) {
            reportPresence(groups, ungrouped);
        }
        Map<String, List<ContactRow>> shown = new LinkedHashMap<>(groups);
        if (!ungrouped.isEmpty()) {
            shown.put(groups.isEmpty() ? "Contacts" : "Other contacts", ungrouped);
        }
        if (shown.equals(lastShown)) {
            updateInPlace(shown);
        } else {
            rebuild(shown, selected);
            lastShown = shown;
        }
    }

    /**
     * Updates the statuses of the rows shown, as the same rows are still to be shown: a presence
     * change must not collapse groups, move the scroll position or lose the selection.
     */
    private void updateInPlace(Map<String, List<ContactRow>> shown) {
        PresenceIcons icons = PresenceIcons.of(contacts.getDisplay());
        TreeItem[] groupItems = contacts.getItems();
        int g = 0;
        for (List<ContactRow> rows : shown.values()) {
            TreeItem groupItem = groupItems[g++];
            setText(groupItem, 1, onlineCount(rows));
            TreeItem[] items = groupItem.getItems();
            for (int i = 0; i < items.length; i++) {
                PresenceStatus status = statusOf(rows.get(i));
                if (items[i].getImage(0) != icons.icon(status.availability())) {
                    items[i].setImage(0, icons.icon(status.availability()));
                }
                setText(items[i], 1, Words.status(status));
            }
        }
    }

    /** Builds the tree anew, keeping which groups the user collapsed, the top row and the selection. */
    private void rebuild(Map<String, List<ContactRow>> shown, Optional<ContactRow> selected) {
        Set<String> collapsed = new HashSet<>();
        for (TreeItem groupItem : contacts.getItems()) {
            if (!groupItem.getExpanded()) {
                collapsed.add(groupItem.getText(0));
            }
        }
        Object top = contacts.getTopItem() == null ? null : contacts.getTopItem().getData(Ids.KEY);
        contacts.setRedraw(false);
        try {
            contacts.removeAll();
            PresenceIcons icons = PresenceIcons.of(contacts.getDisplay());
            TreeItem newTop = null;
            for (Map.Entry<String, List<ContactRow>> group : shown.entrySet()) {
                TreeItem groupItem = new TreeItem(contacts, SWT.NONE);
                groupItem.setText(0, group.getKey());
                groupItem.setText(1, onlineCount(group.getValue()));
                groupItem.setData(Ids.KEY, "group:" + group.getKey());
                if (top != null && top.equals(groupItem.getData(Ids.KEY))) {
                    newTop = groupItem;
                }
                for (ContactRow row : group.getValue()) {
                    PresenceStatus status = statusOf(row);
                    TreeItem item = new TreeItem(groupItem, SWT.NONE);
                    item.setData(row);
                    item.setData(Ids.KEY, "contact:" + row.contact().address().uri());
                    item.setImage(0, icons.icon(status.availability()));
                    item.setText(0, row.name());
                    item.setText(1, Words.status(status));
                    if (row.equals(selected.orElse(null))) {
                        contacts.setSelection(item);
                    }
                    if (top != null && top.equals(item.getData(Ids.KEY))) {
                        newTop = item;
                    }
                }
                groupItem.setExpanded(!collapsed.contains(group.getKey()));
            }
            if (newTop != null) {
                contacts.setTopItem(newTop);
            }
        } finally {
            contacts.setRedraw(true);
        }
    }

    private String onlineCount(List<ContactRow> rows) {
        return rows.stream().filter(row -> online(statusOf(row))).count() + "/" + rows.size() + " online";
    }

    private static void setText(TreeItem item, int column, String text) {
        if (!text.equals(item.getText(column))) {
            item.setText(column, text);
        }
    }

    /** Tells the start-up report once every contact's presence is known. */
    private void reportPresence(Map<String, List<ContactRow>> groups, List<ContactRow> ungrouped) {
        List<ContactRow> all = new ArrayList<>(ungrouped);
        groups.values().forEach(all::addAll);
        if (all.stream().allMatch(row -> statusOf(row).availability() != Availability.UNKNOWN)) {
            StartupReport.presenceShown((int) all.stream().distinct().count());
        }
    }

    private static boolean online(PresenceStatus status) {
        return status.availability() != Availability.OFFLINE && status.availability() != Availability.UNKNOWN;
    }

    private boolean matches(ContactRow row, String filter) {
        if (filter.isEmpty()) {
            return true;
        }
        String haystack = (row.name() + " " + row.contact().address().uri() + " " + String.join(" ", row.contact().groups())
                + " " + statusOf(row).note().orElse("")).toLowerCase(Locale.ROOT);
        return haystack.contains(filter);
    }

}
