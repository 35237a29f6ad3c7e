package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
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

    private final CommonFields common;
    private final Combo security;
    private final Text resource;
    private final Combo presencePolicy;

    /** See {@link AccountFields#AccountFields}. */
    XmppAccountFields(Composite parent, boolean editing, Runnable changed, Runnable resized) {
        FormGrid form = new FormGrid(parent);
        common = new CommonFields(form, parent, "XMPP address:", editing);
        security = form.combo(common.basic, "Security:", "account.security", SECURITY);
        resource = form.text(common.advanced, "Session name (resource):", "account.resource", SWT.BORDER, 0.5);
        presencePolicy = form.combo(common.advanced, "Who may see my status:", "account.presencePolicy", PRESENCE);
        common.finish(form, List.of(security, resource, presencePolicy), changed, resized);
        fill(DEFAULTS);
        common.address.addModifyListener(event -> {
            if (!common.filling()) {
                hints();
                common.userChanged();
            }
        });
    }

    @Override
    public XmppAccountValues values() {
        return new XmppAccountValues(common.accountId.getText().strip(), common.address.getText().strip(),
                common.displayName.getText().strip(), common.server.getText().strip(), FormGrid.word(security, SECURITY),
                resource.getText().strip(), FormGrid.word(presencePolicy, PRESENCE));
    }

    @Override
    public void fill(Dictionary<String, Object> properties) {
        fill(XmppAccountValues.from(properties));
    }

    private void fill(XmppAccountValues values) {
        common.fill(() -> {
            common.accountId.setText(values.accountId());
            common.address.setText(values.address());
            common.displayName.setText(values.displayName());
            common.server.setText(values.server());
            FormGrid.select(security, SECURITY, values.security(), DEFAULTS.security());
            resource.setText(values.resource());
            FormGrid.select(presencePolicy, PRESENCE, values.presencePolicy(), DEFAULTS.presencePolicy());
        });
        hints();
    }

    @Override
    public boolean lock(Set<String> keys) {
        return common.lock(Map.of(AccountValues.ADDRESS, common.address, AccountValues.DISPLAY_NAME, common.displayName,
                XmppAccountValues.SERVER, common.server, XmppAccountValues.SECURITY, security,
                XmppAccountValues.RESOURCE, resource, AccountValues.PRESENCE_POLICY, presencePolicy), keys);
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
        return true;
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
    public void focus() {
        common.address.setFocus();
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

    /** What follows from the address: the suggested account id and the server field's hint. */
    private void hints() {
        String typed = common.address.getText();
        boolean valid = XmppValidation.address(typed).isEmpty();
        common.suggestId(valid ? AccountValidation.idForUser(XmppValidation.localPart(typed), common.idsTaken()) : "");
        String domain = valid ? XmppValidation.domain(typed) : "";
        common.server.setMessage(domain.isEmpty() ? "host[:port]; empty: the address's domain"
                : domain + ":5222 (from the address)");
    }
}
