package org.parley.ui.internal.accounts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;

/**
 * The account dialog's form: the basic fields, the advanced ones behind a toggle, and a status
 * line under them. It turns what is typed into {@link AccountValues} and fills in what follows
 * from the address (the account id of a new account, the hints of the server and user fields).
 */
final class AccountFields {

    /** A setting word and how the form shows it. */
    record Choice(String word, String label) {
    }

    /** How the status line looks. */
    enum Tone {
        HINT, BUSY, SUCCESS, ERROR
    }

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
    private final List<Label> labels = new ArrayList<>();
    private final Text address;
    private final Text displayName;
    private final Text password;
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
    private final Label status;

    private Set<String> idsTaken = Set.of();
    private final Set<Control> locked = new HashSet<>();
    private boolean registers = true;
    private boolean filling;
    private boolean idTyped;
    private boolean passwordTyped;

    /**
     * @param editing  whether an existing account is edited (its id cannot change, an empty
     *                 password keeps the stored one)
     * @param changed  called on the UI thread whenever the user changes a field
     * @param resized  called when the advanced fields are shown or hidden
     */
    AccountFields(Composite parent, boolean editing, Runnable changed, Runnable resized) {
        this.editing = editing;
        this.changed = changed;
        int fieldWidth = charWidth(parent) * 44;

        Composite basic = grid(parent, 2);
        address = text(basic, "SIP address:", "account.address", SWT.BORDER, fieldWidth);
        address.setMessage("alice@example.org");
        displayName = text(basic, "Display name:", "account.displayName", SWT.BORDER, fieldWidth);
        displayName.setMessage("Alice Liddell (optional)");
        password = text(basic, "Password:", "account.password", SWT.BORDER | SWT.PASSWORD, fieldWidth);
        if (editing) {
            password.setMessage("Leave empty to keep the stored password");
        }
        server = text(basic, "Server:", "account.server", SWT.BORDER, fieldWidth);
        transport = combo(basic, "Transport:", "account.transport", TRANSPORTS);

        advancedToggle = Ids.set(new Button(parent, SWT.TOGGLE), "account.advanced");
        advancedToggle.setText("Advanced settings");
        advancedToggle.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        advanced = grid(parent, 2);
        accountId = text(advanced, "Account id:", "account.id", SWT.BORDER, fieldWidth);
        accountId.setMessage("letters, digits, '.', '-' and '_'");
        authUser = text(advanced, "Authentication user:", "account.authUser", SWT.BORDER, fieldWidth);
        outboundProxy = text(advanced, "Outbound proxy:", "account.outboundProxy", SWT.BORDER, fieldWidth);
        outboundProxy.setMessage("host[:port], none by default");
        expiry = text(advanced, "Registration expiry (s):", "account.expiry", SWT.BORDER, fieldWidth / 4);
        srtp = combo(advanced, "Media encryption (SRTP):", "account.srtp", SRTP);
        video = combo(advanced, "Video:", "account.video", VIDEO);
        presencePolicy = combo(advanced, "Who may see my status:", "account.presencePolicy", PRESENCE);
        label(advanced, "");
        ice = Ids.set(new Button(advanced, SWT.CHECK), "account.ice");
        ice.setText("Use ICE to find a path for calls through firewalls and NATs");
        stunServer = text(advanced, "STUN server:", "account.stun", SWT.BORDER, fieldWidth);
        stunServer.setMessage("host[:port], none by default");
        showAdvanced(false);

        status = Ids.set(new Label(parent, SWT.WRAP), "account.status");
        GridData statusData = new GridData(SWT.FILL, SWT.BEGINNING, true, false);
        statusData.widthHint = fieldWidth;
        statusData.heightHint = status.computeSize(SWT.DEFAULT, SWT.DEFAULT).y * 2;
        status.setLayoutData(statusData);

        int labelWidth = labels.stream().mapToInt(label -> label.computeSize(SWT.DEFAULT, SWT.DEFAULT).x).max()
                .orElse(0);
        labels.forEach(label -> ((GridData) label.getLayoutData()).widthHint = labelWidth);

        accountId.setEnabled(!editing);
        fill(DEFAULTS);
        address.addModifyListener(event -> addressChanged());
        accountId.addModifyListener(event -> idTyped |= !filling);
        password.addModifyListener(event -> passwordTyped |= !filling);
        for (Text field : List.of(displayName, password, server, accountId, authUser, outboundProxy, expiry,
                stunServer)) {
            field.addModifyListener(event -> userChanged());
        }
        for (Combo field : List.of(transport, srtp, video, presencePolicy)) {
            field.addModifyListener(event -> userChanged());
        }
        ice.addListener(SWT.Selection, event -> userChanged());
        advancedToggle.addListener(SWT.Selection, event -> {
            showAdvanced(advancedToggle.getSelection());
            resized.run();
        });
    }

    /** The settings as typed. */
    AccountValues values() {
        return new AccountValues(accountId.getText().strip(), address.getText().strip(), displayName.getText().strip(),
                server.getText().strip(), word(transport, TRANSPORTS), authUser.getText().strip(),
                outboundProxy.getText().strip(), expiry.getText().strip(), word(srtp, SRTP), word(video, VIDEO),
                word(presencePolicy, PRESENCE), ice.getSelection(), stunServer.getText().strip(), registers);
    }

    /** Shows {@code values}, as loaded or as defaults; the fields count as untouched afterwards. */
    void fill(AccountValues values) {
        filling = true;
        try {
            accountId.setText(values.accountId());
            address.setText(values.address());
            displayName.setText(values.displayName());
            server.setText(values.server());
            select(transport, TRANSPORTS, values.transport(), DEFAULTS.transport());
            authUser.setText(values.authUser());
            outboundProxy.setText(values.outboundProxy());
            expiry.setText(values.expiry());
            select(srtp, SRTP, values.srtp(), DEFAULTS.srtp());
            select(video, VIDEO, values.video(), DEFAULTS.video());
            select(presencePolicy, PRESENCE, values.presencePolicy(), DEFAULTS.presencePolicy());
            ice.setSelection(values.ice());
            stunServer.setText(values.stunServer());
            registers = values.registers();
            idTyped = !values.accountId().isEmpty();
        } finally {
            filling = false;
        }
        hints();
    }

    /**
     * The password typed since it was last stored, or null (nothing typed, or the field is empty:
     * no password, or for an existing account the stored one stays). The caller wipes it.
     */
    char[] typedPassword() {
        String typed = password.getText();
        return passwordTyped && !typed.isEmpty() ? typed.toCharArray() : null;
    }

    /** The typed password went to the credential store. */
    void passwordStored() {
        passwordTyped = false;
    }

    /** Whether the account registers by itself (something to test); false for a serverless account. */
    boolean registers() {
        return registers;
    }

    /** Whether the user has typed an address yet. */
    boolean addressEmpty() {
        return address.getText().isBlank();
    }

    /** The other accounts' ids, which a new account's suggested id avoids. */
    void setIdsTaken(Set<String> ids) {
        idsTaken = Set.copyOf(ids);
        hints();
    }

    void setEnabled(boolean enabled) {
        for (Control field : List.of(address, displayName, password, server, transport, advancedToggle, accountId,
                authUser, outboundProxy, expiry, srtp, video, presencePolicy, ice, stunServer)) {
            field.setEnabled(enabled && (field != accountId || !editing) && !locked.contains(field));
        }
    }

    /**
     * Shows the settings named by {@code keys} (configuration keys) as set by the administrator: they
     * cannot be changed. Tells whether any field shows one of them.
     */
    boolean lock(Set<String> keys) {
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

    void showStatus(String text, Tone tone) {
        status.setText(text);
        int color = switch (tone) {
            case ERROR -> SWT.COLOR_DARK_RED;
            case SUCCESS -> SWT.COLOR_DARK_GREEN;
            case HINT, BUSY -> SWT.COLOR_WIDGET_FOREGROUND;
        };
        status.setForeground(status.getDisplay().getSystemColor(color));
    }

    void focus() {
        address.setFocus();
    }

    private void addressChanged() {
        if (!filling) {
            if (AccountValidation.isSips(address.getText())) {
                select(transport, TRANSPORTS, "TLS", "TLS");
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

    private void showAdvanced(boolean show) {
        advanced.setVisible(show);
        ((GridData) advanced.getLayoutData()).exclude = !show;
    }

    private static int charWidth(Control control) {
        GC gc = new GC(control);
        try {
            return (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth());
        } finally {
            gc.dispose();
        }
    }

    private Composite grid(Composite parent, int columns) {
        Composite composite = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        composite.setLayout(layout);
        composite.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false));
        return composite;
    }

    private Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.RIGHT);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        labels.add(label);
        return label;
    }

    private Text text(Composite parent, String labelText, String id, int style, int width) {
        label(parent, labelText);
        Text text = Ids.set(new Text(parent, style), id);
        GridData data = new GridData(width < 200 ? SWT.BEGINNING : SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = width;
        text.setLayoutData(data);
        return text;
    }

    private Combo combo(Composite parent, String labelText, String id, List<Choice> choices) {
        label(parent, labelText);
        Combo combo = Ids.set(new Combo(parent, SWT.READ_ONLY), id);
        choices.forEach(choice -> combo.add(choice.label()));
        combo.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        return combo;
    }

    /** Selects {@code word}, or {@code fallback} (the setting's default) for a word the form does not know. */
    private static void select(Combo combo, List<Choice> choices, String word, String fallback) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).word().equalsIgnoreCase(word.strip())) {
                combo.select(i);
                return;
            }
        }
        if (!word.equals(fallback)) {
            select(combo, choices, fallback, fallback);
        }
    }

    private static String word(Combo combo, List<Choice> choices) {
        int index = combo.getSelectionIndex();
        return index < 0 ? "" : choices.get(index).word();
    }
}
