package org.parley.ui.internal;

import java.util.Optional;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Widget;

/**
 * Stable names for the window's controls ({@code parley.id} widget data), which tests and
 * accessibility tools use to find them whatever their text or position.
 */
public final class Ids {

    /** The widget data key. */
    public static final String KEY = "parley.id";

    private Ids() {
    }

    /** Names {@code widget} and returns it. */
    public static <W extends Widget> W set(W widget, String id) {
        widget.setData(KEY, id);
        return widget;
    }

    /** The first control named {@code id} in {@code root}'s tree (depth first), {@code root} included. */
    public static Optional<Control> find(Control root, String id) {
        if (id.equals(root.getData(KEY))) {
            return Optional.of(root);
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Optional<Control> found = find(child, id);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
