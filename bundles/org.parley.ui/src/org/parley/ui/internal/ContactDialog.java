package org.parley.ui.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.contacts.Contact;

/** Adds a contact to an account's list, or changes one's name and groups. */
final class ContactDialog extends Dialog {

    /** What the user entered. */
    record Entry(AccountId account, Contact contact) {
    }

    /** The accounts to choose from, each with its protocol (the scheme of an address typed without one). */
    private final Map<AccountId, String> accounts;
    private final Optional<Entry> existing;
    private Combo account;
    private Text address;
    private Text name;
    private Text groups;
    private Label problem;
    private Entry result;

    private ContactDialog(Shell parent, Map<AccountId, String> accounts, Optional<Entry> existing) {
        super(parent);
        this.accounts = accounts;
        this.existing = existing;
    }

    /** Asks for a new contact of one of {@code accounts} (in their order, each with its protocol). */
    static Optional<Entry> add(Shell parent, Map<AccountId, String> accounts) {
        ContactDialog dialog = new ContactDialog(parent, accounts, Optional.empty());
        return dialog.open() == OK ? Optional.of(dialog.result) : Optional.empty();
    }

    /** Asks for a new name and groups of {@code contact}. */
    static Optional<Entry> edit(Shell parent, AccountId account, Contact contact) {
        ContactDialog dialog = new ContactDialog(parent, Map.of(account, contact.address().scheme()),
                Optional.of(new Entry(account, contact)));
        return dialog.open() == OK ? Optional.of(dialog.result) : Optional.empty();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(existing.isPresent() ? "Edit contact" : "Add contact");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        label(area, "Account:");
        account = Ids.set(new Combo(area, SWT.READ_ONLY), "contact.account");
        accounts.keySet().forEach(id -> account.add(id.value()));
        account.select(0);
        account.setEnabled(accounts.size() > 1);
        label(area, "Address:");
        address = Ids.set(new Text(area, SWT.BORDER), "contact.address");
        address.setMessage("bob@example.org");
        label(area, "Name:");
        name = Ids.set(new Text(area, SWT.BORDER), "contact.name");
        label(area, "Groups:");
        groups = Ids.set(new Text(area, SWT.BORDER), "contact.groups");
        groups.setMessage("Friends, Work");
        for (Control field : List.of(account, address, name, groups)) {
            field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            ((GridData) field.getLayoutData()).widthHint = 280;
        }
        problem = Ids.set(new Label(area, SWT.WRAP), "contact.problem");
        problem.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        problem.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        existing.ifPresent(entry -> {
            address.setText(entry.contact().address().uri());
            address.setEditable(false);
            name.setText(entry.contact().displayName());
            groups.setText(String.join(", ", entry.contact().groups()));
        });
        address.addModifyListener(event -> validate());
        account.addListener(SWT.Selection, event -> validate());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        Ids.set(getButton(IDialogConstants.OK_ID), "contact.save");
        validate();
    }

    private static void label(Composite parent, String text) {
        new Label(parent, SWT.NONE).setText(text);
    }

    private Optional<Address> parsedAddress() {
        try {
            String scheme = accounts.getOrDefault(new AccountId(account.getText()), "sip");
            return Optional.of(Address.parse(address.getText(), scheme));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void validate() {
        boolean valid = parsedAddress().isPresent();
        problem.setText(valid || address.getText().isBlank() ? "" : "Not an address: write it as bob@example.org");
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(valid);
        }
    }

    @Override
    protected void okPressed() {
        Set<String> groupNames = new LinkedHashSet<>();
        Arrays.stream(groups.getText().split(",")).map(String::strip).filter(g -> !g.isEmpty()).forEach(groupNames::add);
        result = new Entry(new AccountId(account.getText()),
                Contact.of(parsedAddress().orElseThrow(), name.getText().strip(), groupNames));
        super.okPressed();
    }
}
