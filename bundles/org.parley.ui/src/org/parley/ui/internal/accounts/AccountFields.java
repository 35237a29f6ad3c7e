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
 * The account dialog's form for SIP accounts: the basic fields and the advanced ones behind a
 * toggle. It turns what is typed into {@link AccountValues} and fills in what follows
 * from the address (the account id of a new account, the hints of the server and user fields).
 */
final class AccountFields implements AccountForm {

    static final List<Choice> TRANSPORTS = List.of(new Choice("UDP", "UDP"), new Choice("TCP", "TCP"),
            new Choice("TLS", "TLS (encrypted)"));
    static final List<Choice> SRTP = List.of(new Choice("off", "Off: plain audio"),
            new Choice("optional", "Optional: encrypted when the other side can"),
            new Choice("mandatory", "Mandatory: calls are always encrypted"));
    static final List<Choice> VIDEO = List.of(new Choice("off", "Off"),
            new Choice("accept", "Accept: when the other side offers it"),
            new Choice("offer", "Offer: calls start with video"));
    static final List<Choice> PRESENCE = List.of(new Choice("accept", "Everybody"),
            new Choice("refuse", "Nobody"), new Choice("ask", "Ask me for everybody"),
            new Choice("contacts", "My contacts (ask me for the others)"));

    private static final AccountValues DEFAULTS = AccountValues.defaults();

    private final boolean editing;
    private final Runnable changed;
    private final Text address;
    private final Text displayName;
    private final PasswordField password;
    private final Text server;
    private final Combo transport;
    private final Button advancedToggle;
    private final Composite advanced;
    private final Text accountId;
    private final Text authUser;
    private final Text outboundProxy;
    private final Text expiry;
    private final Combo srtp;
    private final Combo video;
    private final Combo presencePolicy;
    private final Button ice;
    private final Text stunServer;

    private Set<String> idsTaken = Set.of();
    private final Set<Control> locked = new HashSet<>();
    private boolean registers = true;
    private boolean filling;
    private boolean idTyped;

    /**
     * @param editing  whether an existing account is edited (its id cannot change, an empty
     *                 password keeps the stored one)
     * @param changed  called on the UI thread whenever the user changes a field
     * @param resized  called when the advanced fields are shown or hidden
     */
    AccountFields(Composite parent, boolean editing, Runnable changed, Runnable resized) {
        this.editing = editing;
        this.changed = changed;
        FormGrid form = new FormGrid(parent);

        Composite basic = form.grid(parent);
        address = form.text(basic, "SIP address:", "account.address", SWT.BORDER, 1);
        address.setMessage("alice@example.org");
        displayName = form.text(basic, "Display name:", "account.displayName", SWT.BORDER, 1);
        displayName.setMessage("Alice Liddell (optional)");
        password = new PasswordField(form.text(basic, "Password:", "account.password", SWT.BORDER | SWT.PASSWORD, 1),
                () -> filling);
        if (editing) {
            password.control().setMessage("Leave empty to keep the stored password");
        }
        server = form.text(basic, "Server:", "account.server", SWT.BORDER, 1);
        transport = form.combo(basic, "Transport:", "account.transport", TRANSPORTS);

        advancedToggle = Ids.set(new Button(parent, SWT.TOGGLE), "account.advanced");
        advancedToggle.setText("Advanced settings");
        advancedToggle.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        advanced = form.grid(parent);
        accountId = form.text(advanced, "Account id:", "account.id", SWT.BORDER, 1);
        accountId.setMessage("letters, digits, '.', '-' and '_'");
        authUser = form.text(advanced, "Authentication user:", "account.authUser", SWT.BORDER, 1);
        outboundProxy = form.text(advanced, "Outbound proxy:", "account.outboundProxy", SWT.BORDER, 1);
        outboundProxy.setMessage("host[:port], none by default");
        expiry = form.text(advanced, "Registration expiry (s):", "account.expiry", SWT.BORDER, 0.25);
        srtp = form.combo(advanced, "Media encryption (SRTP):", "account.srtp", SRTP);
        video = form.combo(advanced, "Video:", "account.video", VIDEO);
        presencePolicy = form.combo(advanced, "Who may see my status:", "account.presencePolicy", PRESENCE);
        form.label(advanced, "");
        ice = Ids.set(new Button(advanced, SWT.CHECK), "account.ice");
        ice.setText("Use ICE to find a path for calls through firewalls and NATs");
        stunServer = form.text(advanced, "STUN server:", "account.stun", SWT.BORDER, 1);
        stunServer.setMessage("host[:port], none by default");
        FormGrid.show(advanced, false);
        form.alignLabels();

        accountId.setEnabled(!editing);
        fill(DEFAULTS);
        address.addModifyListener(event -> addressChanged());
        accountId.addModifyListener(event -> idTyped |= !filling);
        for (Text field : List.of(displayName, password.control(), server, accountId, authUser, outboundProxy, expiry,
                stunServer)) {
            field.addModifyListener(event -> userChanged());
        }
        for (Combo field : List.of(transport, srtp, video, presencePolicy)) {
            field.addModifyListener(event -> userChanged());
        }
        ice.addListener(SWT.Selection, event -> userChanged());
        advancedToggle.addListener(SWT.Selection, event -> {
            FormGrid.show(advanced, advancedToggle.getSelection());
            resized.run();
        });
    }

    @Override
    public AccountValues values() {
        return new AccountValues(accountId.getText().strip(), address.getText().strip(), displayName.getText().strip(),
                server.getText().strip(), FormGrid.word(transport, TRANSPORTS), authUser.getText().strip(),
                outboundProxy.getText().strip(), expiry.getText().strip(), FormGrid.word(srtp, SRTP), FormGrid.word(video, VIDEO),
                FormGrid.word(presencePolicy, PRESENCE), ice.getSelection(), stunServer.getText().strip(), registers);
    }

    @Override
    public void fill(Dictionary<String, Object> properties) {
        fill(AccountValues.from(properties));
    }

    /** Shows {@code values}, as loaded or as defaults; the fields count as untouched afterwards. */
    void fill(AccountValues values) {
        filling = true;
        try {
            accountId.setText(values.accountId());
            address.setText(values.address());
            displayName.setText(values.displayName());
            server.setText(values.server());
            FormGrid.select(transport, TRANSPORTS, values.transport(), DEFAULTS.transport());
            authUser.setText(values.authUser());
            outboundProxy.setText(values.outboundProxy());
            expiry.setText(values.expiry());
            FormGrid.select(srtp, SRTP, values.srtp(), DEFAULTS.srtp());
            FormGrid.select(video, VIDEO, values.video(), DEFAULTS.video());
            FormGrid.select(presencePolicy, PRESENCE, values.presencePolicy(), DEFAULTS.presencePolicy());
            ice.setSelection(values.ice());
            stunServer.setText(values.stunServer());
            registers = values.registers();
            idTyped = !values.accountId().isEmpty();
        } finally {
            filling = false;
        }
        hints();
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
        return registers;
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
        for (Control field : List.of(address, displayName, password.control(), server, transport, advancedToggle, accountId,
                authUser, outboundProxy, expiry, srtp, video, presencePolicy, ice, stunServer)) {
            field.setEnabled(enabled && (field != accountId || !editing) && !locked.contains(field));
        }
    }

    @Override
    public boolean lock(Set<String> keys) {
        Map<String, Control> byKey = Map.ofEntries(Map.entry(AccountValues.ADDRESS, address),
                Map.entry(AccountValues.DISPLAY_NAME, displayName), Map.entry(AccountValues.REGISTRAR, server),
                Map.entry(AccountValues.TRANSPORT, transport), Map.entry(AccountValues.AUTH_USER, authUser),
                Map.entry(AccountValues.OUTBOUND_PROXY, outboundProxy), Map.entry(AccountValues.EXPIRY, expiry),
                Map.entry(AccountValues.SRTP, srtp), Map.entry(AccountValues.VIDEO, video),
                Map.entry(AccountValues.PRESENCE_POLICY, presencePolicy), Map.entry(AccountValues.ICE, ice),
                Map.entry(AccountValues.STUN_SERVER, stunServer));
        keys.stream().map(byKey::get).filter(Objects::nonNull).forEach(field -> {
            locked.add(field);
            field.setEnabled(false);
            field.setToolTipText(Words.LOCKED_SETTING);
        });
        return !locked.isEmpty();
    }

    @Override
    public String intro(boolean editing) {
        return editing ? "Change the account's settings. Test registers with them before you save."
                : "Enter the SIP account your provider gave you. Test registers it before you save.";
    }

    @Override
    public String testing() {
        return "Registering…";
    }

    @Override
    public void focus() {
        address.setFocus();
    }

    private void addressChanged() {
        if (!filling) {
            if (AccountValidation.isSips(address.getText())) {
                FormGrid.select(transport, TRANSPORTS, "TLS", "TLS");
            }
            hints();
            userChanged();
        }
    }

    private void userChanged() {
        if (!filling) {
            changed.run();
        }
    }

    /** What follows from the address: the suggested account id and the hints of the fields it fills in. */
    private void hints() {
        String typed = address.getText();
        if (!editing && !idTyped) {
            filling = true;
            try {
                accountId.setText(AccountValidation.suggestedId(typed, idsTaken));
            } finally {
                filling = false;
            }
        }
        String domain = AccountValidation.address(typed).isEmpty() ? AccountValidation.domain(typed) : "";
        String user = AccountValidation.address(typed).isEmpty() ? AccountValidation.userPart(typed) : "";
        server.setMessage(domain.isEmpty() ? "host[:port]; empty: the address's domain" : domain + " (from the address)");
        authUser.setMessage(user.isEmpty() ? "empty: the address's user name" : user + " (from the address)");
    }
}
