package org.parley.ui.internal;

import java.util.List;
import java.util.Optional;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.parley.core.Address;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationState;
import org.parley.ui.internal.session.DesktopSession;

/**
 * A field to call or message any address, with the account to use when there are several.
 */
final class DialRow {

    private final DesktopSession session;
    private final WindowActions actions;
    private Text dial;
    private Combo dialAccount;
    /** Whether the user picked the dial account; until then the first registered one is used. */
    private boolean dialAccountChosen;

    DialRow(Composite parent, DesktopSession session, WindowActions actions) {
        this.session = session;
        this.actions = actions;
        dialRow(parent);
    }

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
        Buttons.push(row, "Call", "dial.call", () -> dialAddress().ifPresent(peer -> actions.call(dialAccountId(), peer)));
        Buttons.push(row, "Message", "dial.message",
                () -> dialAddress().ifPresent(peer -> actions.openConversation(dialAccountId(), peer)));
    }

    void refresh() {
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

}
