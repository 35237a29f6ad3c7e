package org.parley.ui.internal;

import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.ui.internal.calls.CallPanel;
import org.parley.ui.internal.session.CallKey;
import org.parley.ui.internal.session.DesktopSession;

/**
 * Keyboard shortcuts that work anywhere in Parley's windows: Ctrl+Shift+A answers the ringing
 * call, Ctrl+Shift+H hangs up (or rejects) a call, Ctrl+Shift+M mutes or unmutes it: the call
 * whose panel has the keyboard focus, else the newest call.
 */
final class Shortcuts implements Listener {

    private final DesktopSession session;

    private Shortcuts(DesktopSession session) {
        this.session = session;
    }

    static AutoCloseable install(Display display, DesktopSession session) {
        Shortcuts shortcuts = new Shortcuts(session);
        display.addFilter(SWT.KeyDown, shortcuts);
        return () -> OnUiThread.run(display, () -> display.removeFilter(SWT.KeyDown, shortcuts));
    }

    @Override
    public void handleEvent(Event event) {
        if ((event.stateMask & SWT.MODIFIER_MASK) != (SWT.MOD1 | SWT.SHIFT)) {
            return;
        }
        boolean used = switch (Character.toLowerCase((char) event.keyCode)) {
            case 'a' -> ringing().map(call -> act(call::answer)).orElse(false);
            case 'h' -> target(event).map(call -> act(call::hangUp)).orElse(false);
            case 'm' -> target(event).filter(call -> call.state() == CallState.CONNECTED)
                    .map(call -> act(() -> session.setMuted(call, !session.muted(call)))).orElse(false);
            default -> false;
        };
        if (used) {
            event.doit = false;
        }
    }

    private static boolean act(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            // the call moved on meanwhile (e.g. it was answered elsewhere): nothing to do
        }
        return true;
    }

    private Optional<Call> ringing() {
        return session.calls().stream().filter(call -> call.state() == CallState.INCOMING).findFirst();
    }

    /** The call whose panel holds the focus (or the control the key went to), else the newest. */
    private Optional<Call> target(Event event) {
        Control focus = event.widget instanceof Control control ? control : event.display.getFocusControl();
        for (Control at = focus; at != null; at = at.getParent()) {
            if (at.getData(CallPanel.CALL) instanceof CallKey key) {
                Optional<Call> call = session.call(key);
                if (call.isPresent()) {
                    return call;
                }
            }
        }
        return newest();
    }

    private Optional<Call> newest() {
        List<Call> calls = session.calls();
        return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(calls.size() - 1));
    }
}
