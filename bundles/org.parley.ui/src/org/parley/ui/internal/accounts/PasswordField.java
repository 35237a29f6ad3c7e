package org.parley.ui.internal.accounts;

import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Text;

/**
 * An account form's password field: it tells what the user typed since the password was last
 * stored, so that an untouched field keeps the stored password.
 */
final class PasswordField {

    private final Text text;
    private boolean typed;

    /** @param filling tells whether the form is filling its fields (not the user typing) */
    PasswordField(Text text, BooleanSupplier filling) {
        this.text = text;
        text.addModifyListener(event -> typed |= !filling.getAsBoolean());
    }

    Text control() {
        return text;
    }

    /**
     * The password typed since it was last stored, or null (nothing typed, or the field is empty:
     * no password, or for an existing account the stored one stays). The caller wipes it.
     */
    char[] typed() {
        String value = text.getText();
        return typed && !value.isEmpty() ? value.toCharArray() : null;
    }

    /** The typed password went to the credential store. */
    void stored() {
        typed = false;
    }
}
