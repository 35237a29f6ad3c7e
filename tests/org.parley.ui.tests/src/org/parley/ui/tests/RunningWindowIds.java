package org.parley.ui.tests;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/** Finds a control by its {@code parley.id} below a root, on the UI thread; {@code null} when absent. */
final class RunningWindowIds {

    private RunningWindowIds() {
    }

    static Control find(Control root, String id) {
        if (root.isDisposed()) {
            return null;
        }
        if (id.equals(root.getData(RunningWindow.KEY))) {
            return root;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = find(child, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
