package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;
import org.parley.ui.internal.accounts.FormGrid.Choice;

/**
 * The account dialog's form for XMPP accounts: address (JID), name, password, server and
 * security, with the account id, session name and presence policy behind a toggle. It fills in
 * what follows from the address (a new account's id, the server field's hint).
 */
final class XmppAccountFields implements AccountForm {

    static final List<Choice> SECURITY = List.of(new Choice("required", "TLS required (recommended)"),
            new Choice("ifpossible", "TLS when the server offers it"),
            new Choice("disabled", "No TLS (test servers only)"));
    static final List<Choice> PRESENCE = List.of(new Choice("contacts", "My contacts (ask me for the others)"),
            new Choice("accept", "Everybody who asks"));

    private static final XmppAccountValues DEFAULTS = XmppAccountValues.defaults();

    private final boolean editing;
    private final Runnable changed;
    private final Text address;
    private final Text displayName;
    private final PasswordField password;
    private final Text server;
    private final Combo security;
    private final Button advancedToggle;
    private final Composite advanced;
    private final Text accountId;
    private final Text resource;
    private final Combo presencePolicy;

    private Set<String> idsTaken = Set.of();
    private final Set<Control> locked = new HashSet<>();
    private boolean filling;
    private boolean idTyped;

    /** See {@link AccountFields#AccountFields}. */
    XmppAccountFields(Composite parent, boolean editing, Runnable changed, Runnable resized) {
        this.editing = editing;
        this.changed = changed;
        FormGrid form = new FormGrid(parent);

        Composite basic = form.grid(parent);
        address = form.text(basic, "XMPP address:", "account.address", SWT.BORDER, 1);
        address.setMessage("alice@example.org");
        displayName = form.text(basic, "Display name:", "account.displayName", SWT.BORDER, 1);
        displayName.setMessage("Alice Liddell (optional)");
        password = new PasswordField(form.text(basic, "Password:", "account.password", SWT.BORDER | SWT.PASSWORD, 1),
                () -> filling);
        if (editing) {
            password.control().setMessage("Leave empty to keep the stored password");
        }
        server = form.text(basic, "Server:", "account.server", SWT.BORDER, 1);
        security = form.combo(basic, "Security:", "account.security", SECURITY);

        advancedToggle = Ids.set(new Button(parent, SWT.TOGGLE), "account.advanced");
        advancedToggle.setText("Advanced settings");
        advancedToggle.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        advanced = form.grid(parent);
        accountId = form.text(advanced, "Account id:", "account.id", SWT.BORDER, 1);
        accountId.setMessage("letters, digits, '.', '-' and '_'");
        resource = form.text(advanced, "Session name (resource):", "account.resource", SWT.BORDER, 0.5);
        presencePolicy = form.combo(advanced, "Who may see my status:", "account.presencePolicy", PRESENCE);
        FormGrid.show(advanced, false);
        form.alignLabels();

        accountId.setEnabled(!editing);
        fill(DEFAULTS);
        address.addModifyListener(event -> {
            if (!filling) {
                hints();
                changed.run();
            }
        });
        accountId.addModifyListener(event -> idTyped |= !filling);
        for (Text field : List.of(displayName, password.control(), server, accountId, resource)) {
            field.addModifyListener(event -> userChanged());
        }
        for (Combo field : List.of(security, presencePolicy)) {
            field.addModifyListener(event -> userChanged());
        }
        advancedToggle.addListener(SWT.Selection, event -> {
            FormGrid.show(advanced, advancedToggle.getSelection());
            resized.run();
        });
    }

    @Override
    public XmppAccountValues values() {
        return new XmppAccountValues(accountId.getText().strip(), address.getText().strip(),
                displayName.getText().strip(), server.getText().strip(), FormGrid.word(security, SECURITY),
                resource.getText().strip(), FormGrid.word(presencePolicy, PRESENCE));
    }

    @Override
    public void fill(Dictionary<String, Object> properties) {
        fill(XmppAccountValues.from(properties));
    }

    private void fill(XmppAccountValues values) {
        filling = true;
        try {
            accountId.setText(values.accountId());
            address.setText(values.address());
            displayName.setText(values.displayName());
            server.setText(values.server());
            FormGrid.select(security, SECURITY, values.security(), DEFAULTS.security());
            resource.setText(values.resource());
            FormGrid.select(presencePolicy, PRESENCE, values.presencePolicy(), DEFAULTS.presencePolicy());
            idTyped = !values.accountId().isEmpty();
        } finally {
            filling = false;
        }
        hints();
    }

    @Override
    public boolean lock(Set<String> keys) {
        Map<String, Control> byKey = Map.of(AccountValues.ADDRESS, address, AccountValues.DISPLAY_NAME, displayName,
                XmppAccountValues.SERVER, server, XmppAccountValues.SECURITY, security, XmppAccountValues.RESOURCE,
                resource, AccountValues.PRESENCE_POLICY, presencePolicy);
        keys.stream().map(byKey::get).filter(Objects::nonNull).forEach(field -> {
            locked.add(field);
            field.setEnabled(false);
            field.setToolTipText(Words.LOCKED_SETTING);
        });
        return !locked.isEmpty();
    }

    @Override
    public char[] typedPassword() {
        return password.typed();
    }

    @Override
    public void passwordStored() {
        password.stored();
    }

    @Override
    public boolean registers() {
        return true;
    }

    @Override
    public boolean addressEmpty() {
        return address.getText().isBlank();
    }

    @Override
    public void setIdsTaken(Set<String> ids) {
        idsTaken = Set.copyOf(ids);
        hints();
    }

    @Override
    public void setEnabled(boolean enabled) {
        for (Control field : List.of(address, displayName, password.control(), server, security, advancedToggle,
                accountId, resource, presencePolicy)) {
            field.setEnabled(enabled && (field != accountId || !editing) && !locked.contains(field));
        }
    }

    @Override
    public void focus() {
        address.setFocus();
    }

    @Override
    public String intro(boolean editing) {
        return editing ? "Change the account's settings. Test logs in with them before you save."
                : "Enter your XMPP (Jabber) address and password. Test logs in before you save.";
    }

    @Override
    public String testing() {
        return "Logging in…";
    }

    private void userChanged() {
        if (!filling) {
            changed.run();
        }
    }

    /** What follows from the address: the suggested account id and the server field's hint. */
    private void hints() {
        String typed = address.getText();
        boolean valid = XmppValidation.address(typed).isEmpty();
        if (!editing && !idTyped) {
            filling = true;
            try {
                accountId.setText(valid ? AccountValidation.idForUser(XmppValidation.localPart(typed), idsTaken) : "");
            } finally {
                filling = false;
            }
        }
        String domain = valid ? XmppValidation.domain(typed) : "";
        server.setMessage(domain.isEmpty() ? "host[:port]; empty: the address's domain"
                : domain + ":5222 (from the address)");
    }
}
