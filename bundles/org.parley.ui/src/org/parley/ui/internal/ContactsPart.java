package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.parley.core.Address;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationState;
import org.parley.core.contacts.Contact;
import org.parley.core.contacts.ContactStoreException;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.ui.api.ContactAction;
import org.parley.ui.internal.accounts.AccountDialog;
import org.parley.ui.internal.accounts.CertificatePrompt;
import org.parley.ui.internal.preferences.PreferencesDialog;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The window's left column: the user's own status, the accounts and how their registration
 * stands, the searchable contact list with presence, a field to call or message any address,
 * and the count of missed calls and unread messages.
 */
public final class ContactsPart {

    private static final Availability[] CHOOSABLE = { Availability.AVAILABLE, Availability.BUSY,
            Availability.DO_NOT_DISTURB, Availability.AWAY, Availability.OFFLINE };

    /** One contact of one account, as a row of the contact tree. */
    private record ContactRow(AccountId account, Contact contact) {
        String name() {
            return contact.displayName().isEmpty() ? contact.address().schemeSpecificPart() : contact.displayName();
        }
    }

    @Inject
    private WindowActions actions;
    private DesktopSession session;
    private Combo availability;
    private Text note;
    private Table accounts;
    private Label accountProblem;
    private Text search;
    private Tree contacts;
    private Text dial;
    private Combo dialAccount;
    /** Whether the user picked the dial account; until then the first registered one is used. */
    private boolean dialAccountChosen;
    private Link counters;

    @PostConstruct
    void create(Composite parent) {
        session = Sessions.await();
        parent.setLayout(new GridLayout(1, false));
        ownStatus(parent);
        accountList(parent);
        contactList(parent);
        dialRow(parent);
        counters = Ids.set(new Link(parent, SWT.NONE), "counters");
        counters.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        counters.addListener(SWT.Selection, event -> {
            if ("missed".equals(event.text)) {
                session.clearMissedCalls();
                actions.showHistory();
            } else {
                actions.showCalls();
            }
        });
        refreshAccounts();
        refreshContacts();
        refreshCounters();
        UiWatch.start(parent, session, this::changed);
        parent.getDisplay().asyncExec(() -> {
            if (!parent.isDisposed() && parent.getShell().isVisible()) {
                StartupReport.windowShown();
            }
        });
        parent.getShell().addListener(SWT.Show, event -> StartupReport.windowShown());
    }

    private void changed(List<SessionChange> changes) {
        if (changes.stream().anyMatch(SessionChange.Accounts.class::isInstance)) {
            refreshAccounts();
            refreshContacts();
        } else if (changes.stream().anyMatch(SessionChange.Contacts.class::isInstance)) {
            refreshContacts();
        }
        if (changes.stream().anyMatch(c -> c instanceof SessionChange.Counters || c instanceof SessionChange.CallChanged)) {
            refreshCounters();
        }
    }

    // --- own status

    private void ownStatus(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        row.setLayout(new GridLayout(2, false));
        availability = Ids.set(new Combo(row, SWT.READ_ONLY), "status.availability");
        for (Availability each : CHOOSABLE) {
            availability.add(Words.availability(each));
        }
        availability.select(0);
        Accessibility.name(availability, "Your status");
        note = Ids.set(new Text(row, SWT.BORDER | SWT.SEARCH), "status.note");
        note.setMessage("Status note, e.g. back at 3");
        Accessibility.name(note, "Status note");
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        availability.addListener(SWT.Selection, event -> publishStatus());
        note.addListener(SWT.DefaultSelection, event -> publishStatus());
    }

    private void publishStatus() {
        PresenceStatus status = new PresenceStatus(CHOOSABLE[Math.max(0, availability.getSelectionIndex())],
                Optional.of(note.getText()));
        for (Account account : session.accounts()) {
            session.presence(account.id()).ifPresent(presence -> presence.publish(status));
        }
    }

    private void showOwnStatus() {
        session.accounts().stream().map(account -> session.presence(account.id())).flatMap(Optional::stream)
                .findFirst().map(presence -> presence.ownStatus()).ifPresent(status -> {
                    for (int i = 0; i < CHOOSABLE.length; i++) {
                        if (CHOOSABLE[i] == status.availability()) {
                            availability.select(i);
                        }
                    }
                    if (!note.isFocusControl()) {
                        note.setText(status.note().orElse(""));
                    }
                });
    }

    // --- accounts

    private void accountList(Composite parent) {
        Label title = new Label(parent, SWT.NONE);
        title.setText("Accounts");
        accounts = Ids.set(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE), "accounts.table");
        accounts.setHeaderVisible(false);
        new TableColumn(accounts, SWT.NONE);
        new TableColumn(accounts, SWT.NONE);
        accounts.addListener(SWT.Resize, event -> {
            int width = accounts.getClientArea().width;
            accounts.getColumn(0).setWidth(width * 45 / 100);
            accounts.getColumn(1).setWidth(width - width * 45 / 100);
        });
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, false);
        data.heightHint = accounts.getItemHeight() * 3;
        accounts.setLayoutData(data);
        accounts.addListener(SWT.DefaultSelection, event -> selectedAccount().ifPresent(this::openAccount));
        accounts.addListener(SWT.Selection, event -> showAccountProblem());
        accountProblem = Ids.set(new Label(parent, SWT.WRAP), "accounts.problem");
        accountProblem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        accountProblem.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new RowLayout());
        button(buttons, "Add account…", "accounts.add", () -> AccountDialog.create(actions.shell(), session));
        button(buttons, "Edit…", "accounts.edit", () -> selectedAccount()
                .ifPresent(account -> AccountDialog.edit(actions.shell(), session, account.id())));
        button(buttons, "Remove", "accounts.remove", this::removeAccount);
        button(buttons, "Preferences…", "prefs.open", () -> PreferencesDialog.open(actions.shell(), session));
    }

    private static Button button(Composite parent, String text, String id, Runnable action) {
        Button button = Ids.set(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.addListener(SWT.Selection, event -> action.run());
        return button;
    }

    private Optional<Account> selectedAccount() {
        TableItem[] selection = accounts.getSelection();
        return selection.length == 0 ? Optional.empty() : Optional.of((Account) selection[0].getData());
    }

    private void openAccount(Account account) {
        if (account.registrationState() instanceof RegistrationState.Failed failed && failed.certificate().isPresent()) {
            if (CertificatePrompt.ask(actions.shell(), account.id().value(), failed.certificate().get())) {
                account.trustCertificate(failed.certificate().get());
            }
        } else {
            AccountDialog.edit(actions.shell(), session, account.id());
        }
    }

    private void removeAccount() {
        selectedAccount().ifPresent(account -> {
            if (MessageDialog.openConfirm(actions.shell(), "Remove account",
                    "Remove the account " + account.address() + "? Its password is forgotten too.")) {
                try {
                    new org.parley.ui.internal.accounts.AccountSettings(session).delete(account.id());
                } catch (Exception e) {
                    MessageDialog.openError(actions.shell(), "Remove account", "The account could not be removed: " + e.getMessage());
                }
            }
        });
    }

    private void refreshAccounts() {
        Optional<Account> selected = selectedAccount();
        accounts.removeAll();
        for (Account account : session.accounts()) {
            TableItem item = new TableItem(accounts, SWT.NONE);
            item.setData(account);
            item.setData(Ids.KEY, "account:" + account.id().value());
            item.setText(0, account.address().schemeSpecificPart());
            RegistrationState state = account.registrationState();
            item.setText(1, Words.registration(state));
            if (state instanceof RegistrationState.Failed) {
                item.setForeground(1, accounts.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            }
            if (selected.isPresent() && selected.get().id().equals(account.id())) {
                accounts.setSelection(item);
            }
        }
        showAccountProblem();
        refreshDialAccounts();
        showOwnStatus();
    }

    /** The first failing (or the selected) account's problem in full, since the column cuts it. */
    private void showAccountProblem() {
        Optional<Account> failing = selectedAccount().filter(a -> a.registrationState() instanceof RegistrationState.Failed)
                .or(() -> session.accounts().stream()
                        .filter(a -> a.registrationState() instanceof RegistrationState.Failed).findFirst());
        String text = failing.map(a -> a.id().value() + ": " + Words.registration(a.registrationState())).orElse("");
        if (session.accounts().isEmpty()) {
            text = "No account yet: add one to call, chat and see your contacts' presence.";
        }
        accountProblem.setText(text);
        accountProblem.getParent().layout(true, true);
    }

    // --- contacts

    private void contactList(Composite parent) {
        Label title = new Label(parent, SWT.NONE);
        title.setText("Contacts");
        search = Ids.set(new Text(parent, SWT.BORDER | SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL), "contacts.search");
        search.setMessage("Search contacts");
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        search.addModifyListener(event -> refreshContacts());
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
        button(buttons, "Add contact…", "contacts.add", this::addContact);
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
        menuItem(menu, "Call", () -> actions.call(row.account(), row.contact().address()));
        menuItem(menu, "Message", () -> actions.openConversation(row.account(), row.contact().address()));
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

    private static void menuItem(Menu menu, String text, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.setData(Ids.KEY, "menu:" + text);
        item.addListener(SWT.Selection, event -> action.run());
    }

    private void addContact() {
        List<AccountId> ids = session.accounts().stream().map(Account::id).toList();
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

    private void refreshContacts() {
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
        contacts.setRedraw(false);
        try {
            contacts.removeAll();
            PresenceIcons icons = PresenceIcons.of(contacts.getDisplay());
            for (Map.Entry<String, List<ContactRow>> group : shown.entrySet()) {
                TreeItem groupItem = new TreeItem(contacts, SWT.NONE);
                long online = group.getValue().stream().filter(row -> online(statusOf(row))).count();
                groupItem.setText(0, group.getKey());
                groupItem.setText(1, online + "/" + group.getValue().size() + " online");
                groupItem.setData(Ids.KEY, "group:" + group.getKey());
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
                }
                groupItem.setExpanded(true);
            }
        } finally {
            contacts.setRedraw(true);
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

    // --- dial field

    private void dialRow(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        row.setLayout(new GridLayout(4, false));
        dial = Ids.set(new Text(row, SWT.BORDER | SWT.SEARCH), "dial.address");
        dial.setMessage("Call or message: bob@example.org");
        Accessibility.name(dial, "Address to call or message");
        dial.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        dial.addListener(SWT.DefaultSelection, event -> dialAddress().ifPresent(peer -> actions.call(dialAccountId(), peer)));
        dialAccount = Ids.set(new Combo(row, SWT.READ_ONLY), "dial.account");
        dialAccount.addListener(SWT.Selection, event -> dialAccountChosen = true);
        Accessibility.name(dialAccount, "Account to use");
        button(row, "Call", "dial.call", () -> dialAddress().ifPresent(peer -> actions.call(dialAccountId(), peer)));
        button(row, "Message", "dial.message",
                () -> dialAddress().ifPresent(peer -> actions.openConversation(dialAccountId(), peer)));
    }

    private void refreshDialAccounts() {
        String chosen = dialAccount.getText();
        dialAccount.removeAll();
        for (Account account : session.accounts()) {
            dialAccount.add(account.id().value());
        }
        int index = dialAccountChosen ? dialAccount.indexOf(chosen) : -1;
        if (index < 0) {
            List<Account> all = session.accounts();
            index = 0;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).registrationState() instanceof RegistrationState.Registered) {
                    index = i;
                    break;
                }
            }
        }
        dialAccount.select(index);
        dialAccount.setVisible(dialAccount.getItemCount() > 1);
        ((GridData) layoutData(dialAccount)).exclude = dialAccount.getItemCount() <= 1;
        dialAccount.getParent().layout(true);
    }

    private static Object layoutData(Combo combo) {
        if (combo.getLayoutData() == null) {
            combo.setLayoutData(new GridData());
        }
        return combo.getLayoutData();
    }

    private AccountId dialAccountId() {
        return new AccountId(dialAccount.getText().isEmpty() ? "-" : dialAccount.getText());
    }

    private Optional<Address> dialAddress() {
        if (session.accounts().isEmpty()) {
            MessageDialog.openInformation(actions.shell(), "No account", "Add an account first.");
            return Optional.empty();
        }
        try {
            return Optional.of(Address.parse(dial.getText(), "sip"));
        } catch (IllegalArgumentException e) {
            MessageDialog.openError(actions.shell(), "Not an address", e.getMessage());
            return Optional.empty();
        }
    }

    /** Shows {@code address} in the dial field, focused, for the user to call or message. */
    void prefill(Address address) {
        dial.setText(address.uri());
        dial.setFocus();
        dial.selectAll();
    }

    // --- counters

    private void refreshCounters() {
        int missed = session.missedCalls();
        int unread = session.unreadMessages();
        List<String> parts = new ArrayList<>();
        if (missed > 0) {
            parts.add("<a href=\"missed\">" + missed + " missed call" + (missed == 1 ? "" : "s") + "</a>");
        }
        if (unread > 0) {
            parts.add(unread + " unread message" + (unread == 1 ? "" : "s"));
        }
        counters.setText(String.join(" · ", parts));
        counters.getParent().layout(true);
    }
}
