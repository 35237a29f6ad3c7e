package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.parley.ui.internal.Ids;
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

    private final CommonFields common;
    private final Combo transport;
    private final Text authUser;
    private final Text outboundProxy;
    private final Text expiry;
    private final Combo srtp;
    private final Combo video;
    private final Combo presencePolicy;
    private final Button ice;
    private final Text stunServer;
    private boolean registers = true;

    /**
     * @param editing  whether an existing account is edited (its id cannot change, an empty
     *                 password keeps the stored one)
     * @param changed  called on the UI thread whenever the user changes a field
     * @param resized  called when the advanced fields are shown or hidden
     */
    AccountFields(Composite parent, boolean editing, Runnable changed, Runnable resized) {
        FormGrid form = new FormGrid(parent);
        common = new CommonFields(form, parent, "SIP address:", editing);
        transport = form.combo(common.basic, "Transport:", "account.transport", TRANSPORTS);
        Composite advanced = common.advanced;
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
        common.finish(form, List.of(transport, authUser, outboundProxy, expiry, srtp, video, presencePolicy, ice,
                stunServer), changed, resized);
        fill(DEFAULTS);
        common.address.addModifyListener(event -> addressChanged());
    }

    @Override
    public AccountValues values() {
        return new AccountValues(common.accountId.getText().strip(), common.address.getText().strip(),
                common.displayName.getText().strip(), common.server.getText().strip(), FormGrid.word(transport, TRANSPORTS), authUser.getText().strip(),
                outboundProxy.getText().strip(), expiry.getText().strip(), FormGrid.word(srtp, SRTP), FormGrid.word(video, VIDEO),
                FormGrid.word(presencePolicy, PRESENCE), ice.getSelection(), stunServer.getText().strip(), registers);
    }

    @Override
    public void fill(Dictionary<String, Object> properties) {
        fill(AccountValues.from(properties));
    }

    /** Shows {@code values}, as loaded or as defaults; the fields count as untouched afterwards. */
    void fill(AccountValues values) {
        common.fill(() -> {
            common.accountId.setText(values.accountId());
            common.address.setText(values.address());
            common.displayName.setText(values.displayName());
            common.server.setText(values.server());
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
        });
        hints();
    }

    @Override
    public char[] typedPassword() {
        return common.password.typed();
    }

    @Override
    public void passwordStored() {
        common.password.stored();
    }

    @Override
    public boolean registers() {
        return registers;
    }

    @Override
    public boolean addressEmpty() {
        return common.address.getText().isBlank();
    }

    @Override
    public void setIdsTaken(Set<String> ids) {
        common.setIdsTaken(ids);
        hints();
    }

    @Override
    public void setEnabled(boolean enabled) {
        common.setEnabled(enabled);
    }

    @Override
    public boolean lock(Set<String> keys) {
        return common.lock(Map.ofEntries(Map.entry(AccountValues.ADDRESS, common.address),
                Map.entry(AccountValues.DISPLAY_NAME, common.displayName), Map.entry(AccountValues.REGISTRAR, common.server),
                Map.entry(AccountValues.TRANSPORT, transport), Map.entry(AccountValues.AUTH_USER, authUser),
                Map.entry(AccountValues.OUTBOUND_PROXY, outboundProxy), Map.entry(AccountValues.EXPIRY, expiry),
                Map.entry(AccountValues.SRTP, srtp), Map.entry(AccountValues.VIDEO, video),
                Map.entry(AccountValues.PRESENCE_POLICY, presencePolicy), Map.entry(AccountValues.ICE, ice),
                Map.entry(AccountValues.STUN_SERVER, stunServer)), keys);
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
        common.address.setFocus();
    }

    private void addressChanged() {
        if (!common.filling()) {
            if (AccountValidation.isSips(common.address.getText())) {
                FormGrid.select(transport, TRANSPORTS, "TLS", "TLS");
            }
            hints();
            common.userChanged();
        }
    }

    /** What follows from the address: the suggested account id and the hints of the fields it fills in. */
    private void hints() {
        String typed = common.address.getText();
        common.suggestId(AccountValidation.suggestedId(typed, common.idsTaken()));
        String domain = AccountValidation.address(typed).isEmpty() ? AccountValidation.domain(typed) : "";
        String user = AccountValidation.address(typed).isEmpty() ? AccountValidation.userPart(typed) : "";
        common.server.setMessage(domain.isEmpty() ? "host[:port]; empty: the address's domain"
                : domain + " (from the address)");
        authUser.setMessage(user.isEmpty() ? "empty: the address's user name" : user + " (from the address)");
    }
}
