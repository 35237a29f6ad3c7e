package org.parley.ui.api;

import org.eclipse.swt.widgets.Shell;
import org.parley.core.telephony.Call;

/** A button on every call's panel, beside mute, hold and transfer. */
public interface CallPanelButton {

    /** The button's text. */
    String label();

    /** The user pressed the button on {@code call}'s panel; {@code window} is the main window, for dialogs. */
    void pressed(Call call, Shell window);
}
