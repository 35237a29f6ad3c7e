package org.parley.update.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;

/** p2's answers as text a person can read. */
final class Statuses {

    private Statuses() {
    }

    /** The status's message and those of its problems, most specific last, without repeats. */
    static String explain(IStatus status) {
        List<String> lines = new ArrayList<>();
        collect(status, lines);
        return String.join("; ", lines);
    }

    private static void collect(IStatus status, List<String> lines) {
        if (status.getSeverity() < IStatus.WARNING && !lines.isEmpty()) {
            return;
        }
        String message = status.getMessage();
        if (message != null && !message.isBlank() && !lines.contains(message.trim())) {
            lines.add(message.trim());
        }
        for (IStatus child : status.getChildren()) {
            collect(child, lines);
        }
    }
}
