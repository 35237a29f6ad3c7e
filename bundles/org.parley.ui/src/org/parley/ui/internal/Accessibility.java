package org.parley.ui.internal;

import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.widgets.Control;

/** Names for controls that show no text of their own, for screen readers. */
public final class Accessibility {

    private Accessibility() {
    }

    /** Gives {@code control} the accessible name {@code name}. */
    public static void name(Control control, String name) {
        control.getAccessible().addAccessibleListener(new AccessibleAdapter() {
            @Override
            public void getName(AccessibleEvent event) {
                event.result = name;
            }
        });
        control.setToolTipText(name);
    }
}
