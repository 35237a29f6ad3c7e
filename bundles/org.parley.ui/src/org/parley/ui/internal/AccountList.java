package org.parley.ui.internal;

import java.util.Optional;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.parley.core.account.Account;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;
import org.parley.ui.internal.accounts.AccountDialog;
import org.parley.ui.internal.accounts.CertificatePrompt;
import org.parley.ui.internal.preferences.PreferencesDialog;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The accounts with their registration state, what a failure means, and the buttons to add, edit and remove accounts and open the preferences.
 */
final class AccountList {

    private final DesktopSession session;
    private final WindowActions actions;
    private Table accounts;
    private Label accountProblem;

    AccountList(Composite parent, DesktopSession session, WindowActions actions) {
        this.session = session;
        this.actions = actions;
        accountList(parent);
    }

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
        Buttons.push(buttons, "Add account…", "accounts.add", () -> AccountDialog.create(actions.shell(), session));
        Buttons.push(buttons, "Edit…", "accounts.edit", () -> selectedAccount()
                .ifPresent(account -> AccountDialog.edit(actions.shell(), session, account.id())));
        Buttons.push(buttons, "Remove", "accounts.remove", this::removeAccount);
        Buttons.push(buttons, "Preferences…", "prefs.open", () -> PreferencesDialog.open(actions, session));
    }

    private Optional<Account> selectedAccount() {
        TableItem[] selection = accounts.getSelection();
        return selection.length == 0 ? Optional.empty() : Optional.of((Account) selection[0].getData());
    }

    private void openAccount(Account account) {
        if (account.registrationState() instanceof RegistrationState.Failed failed && failed.certificate().isPresent()) {
            ServerCertificate certificate = failed.certificate().get();
            CertificatePrompt.ask(actions.shell(), account.id().value(), certificate).applyTo(account, certificate);
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

    void refresh() {
        Optional<Account> selected = selectedAccount();
        accounts.removeAll();
        for (Account account : session.accounts()) {
            TableItem item = new TableItem(accounts, SWT.NONE);
            item.setData(account);
            item.setData(Ids.KEY, "account:" + account.id().value());
            item.setText(0, account.address().schemeSpecificPart());
            RegistrationState state = account.registrationState();
            item.setText(1, Words.registration(state, account.protocol()));
            if (state instanceof RegistrationState.Failed) {
                item.setForeground(1, accounts.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            }
            if (selected.isPresent() && selected.get().id().equals(account.id())) {
                accounts.setSelection(item);
            }
        }
        showAccountProblem();
    }

    /** The first failing (or the selected) account's problem in full, since the column cuts it. */
    private void showAccountProblem() {
        Optional<Account> failing = selectedAccount().filter(a -> a.registrationState() instanceof RegistrationState.Failed)
                .or(() -> session.accounts().stream()
                        .filter(a -> a.registrationState() instanceof RegistrationState.Failed).findFirst());
        String text = failing.map(a -> a.id().value() + ": " + Words.registration(a.registrationState(), a.protocol())).orElse("");
        if (session.accounts().isEmpty()) {
            text = "No account yet: add one to call, chat and see your contacts' presence.";
        }
        accountProblem.setText(text);
        accountProblem.getParent().layout(true, true);
    }

}
