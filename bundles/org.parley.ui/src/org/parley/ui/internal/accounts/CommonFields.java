package org.parley.ui.internal.accounts;

import java.util.ArrayList;
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

/**
 * What every account form has, whatever the protocol: address, display name, password and server in
 * the basic grid, the account id first in the advanced grid behind a toggle, and the rules they share
 * (a filled-in form counts as untouched, a new account's id follows the address until the user types
 * one, an edited account's id and the administrator's locked settings cannot be changed). A form adds
 * its protocol's fields to {@link #basic} and {@link #advanced}, then calls {@link #finish}.
 */
final class CommonFields {

    final Composite basic;
    final Text address;
    final Text displayName;
    final PasswordField password;
    final Text server;
    final Composite advanced;
    final Text accountId;

    private final boolean editing;
    private final Button advancedToggle;
    private final List<Control> controls = new ArrayList<>();
    private final Set<Control> locked = new HashSet<>();
    private Set<String> idsTaken = Set.of();
    private Runnable changed = () -> {
    };
    private boolean filling;
    private boolean idTyped;

    /** @param addressLabel the address field's label, e.g. "SIP address:" */
    CommonFields(FormGrid form, Composite parent, String addressLabel, boolean editing) {
        this.editing = editing;
        basic = form.grid(parent);
        address = form.text(basic, addressLabel, "account.address", SWT.BORDER, 1);
        address.setMessage("alice@example.org");
        displayName = form.text(basic, "Display name:", "account.displayName", SWT.BORDER, 1);
        displayName.setMessage("Alice Liddell (optional)");
        password = new PasswordField(form.text(basic, "Password:", "account.password", SWT.BORDER | SWT.PASSWORD, 1),
                () -> filling);
        if (editing) {
            password.control().setMessage("Leave empty to keep the stored password");
        }
        server = form.text(basic, "Server:", "account.server", SWT.BORDER, 1);

        advancedToggle = Ids.set(new Button(parent, SWT.TOGGLE), "account.advanced");
        advancedToggle.setText("Advanced settings");
        advancedToggle.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        advanced = form.grid(parent);
        accountId = form.text(advanced, "Account id:", "account.id", SWT.BORDER, 1);
        accountId.setMessage("letters, digits, '.', '-' and '_'");
        controls.addAll(List.of(address, displayName, password.control(), server, advancedToggle, accountId));
    }

    /**
     * Hides the advanced grid and wires the fields: {@code changed} runs whenever the user changes one of
     * them or of {@code others} (the protocol's fields), {@code resized} when the advanced grid is shown
     * or hidden. The address is left to the form, which derives hints from it.
     */
    void finish(FormGrid form, List<Control> others, Runnable changed, Runnable resized) {
        this.changed = changed;
        FormGrid.show(advanced, false);
        form.alignLabels();
        accountId.setEnabled(!editing);
        controls.addAll(others);
        accountId.addModifyListener(event -> idTyped |= !filling);
        for (Control field : controls) {
            switch (field) {
                case Text text when text != address -> text.addModifyListener(event -> userChanged());
                case Combo combo -> combo.addModifyListener(event -> userChanged());
                case Button button when button != advancedToggle -> button.addListener(SWT.Selection,
                        event -> userChanged());
                default -> {
                }
            }
        }
        advancedToggle.addListener(SWT.Selection, event -> {
            FormGrid.show(advanced, advancedToggle.getSelection());
            resized.run();
        });
    }

    /** Runs {@code filler}, which shows loaded or default settings: the fields count as untouched afterwards. */
    void fill(Runnable filler) {
        showing(filler);
        idTyped = !accountId.getText().isEmpty();
    }

    private void showing(Runnable filler) {
        filling = true;
        try {
            filler.run();
        } finally {
            filling = false;
        }
    }

    /** Whether the form is showing settings rather than the user typing. */
    boolean filling() {
        return filling;
    }

    /** The user changed a field: tells the dialog, unless the form is filling its fields. */
    void userChanged() {
        if (!filling) {
            changed.run();
        }
    }

    /** The id a new account gets from its address, unless the user typed one (or the account exists). */
    void suggestId(String id) {
        if (!editing && !idTyped) {
            showing(() -> accountId.setText(id));
        }
    }

    Set<String> idsTaken() {
        return idsTaken;
    }

    void setIdsTaken(Set<String> ids) {
        idsTaken = Set.copyOf(ids);
    }

    void setEnabled(boolean enabled) {
        for (Control field : controls) {
            field.setEnabled(enabled && (field != accountId || !editing) && !locked.contains(field));
        }
    }

    /**
     * Shows the settings named by {@code keys} as set by the administrator, using {@code byKey} (the
     * form's controls by configuration key). Tells whether any field shows one of them.
     */
    boolean lock(Map<String, Control> byKey, Set<String> keys) {
        keys.stream().map(byKey::get).filter(Objects::nonNull).forEach(field -> {
            locked.add(field);
            field.setEnabled(false);
            field.setToolTipText(Words.LOCKED_SETTING);
        });
        return !locked.isEmpty();
    }
}
