package org.parley.ui.api;

import org.eclipse.swt.widgets.Composite;

/**
 * A view of its own in the main window, shown as a tab beside the conversations, calls and
 * history. The window calls {@link #createControls} once per tab it opens; when the service is
 * unregistered (or the window closes) the tab and everything built in it are disposed.
 */
public interface ViewContribution {

    /** The tab's title, e.g. {@code Call notes}. */
    String title();

    /** Builds the view's widgets in {@code parent}, which has no layout yet. */
    void createControls(Composite parent);
}
