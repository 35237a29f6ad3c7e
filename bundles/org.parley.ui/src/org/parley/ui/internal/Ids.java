package org.parley.ui.internal;


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
}
