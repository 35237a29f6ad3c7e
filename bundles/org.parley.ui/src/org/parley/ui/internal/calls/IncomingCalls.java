package org.parley.ui.internal.calls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.widgets.Display;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.ui.internal.OnUiThread;
import org.parley.ui.internal.UiWatch;
import org.parley.ui.internal.WindowActions;
import org.parley.ui.internal.session.CallKey;
import org.parley.ui.internal.session.DesktopSession;

/**
 * A notice on top of everything for each ringing call, whatever the window shows (or whether it
 * shows at all); answering one brings the window's calls to the front.
 */
public final class IncomingCalls {

    private final Display display;
    private final DesktopSession session;
    private final WindowActions actions;
    private final Map<CallKey, IncomingCallNotice> notices = new LinkedHashMap<>();

    private IncomingCalls(Display display, DesktopSession session, WindowActions actions) {
        this.display = display;
        this.session = session;
        this.actions = actions;
    }

    /** Starts showing notices until the display goes or the handle is closed. */
    public static AutoCloseable install(Display display, DesktopSession session, WindowActions actions) {
        IncomingCalls calls = new IncomingCalls(display, session, actions);
        AutoCloseable watch = UiWatch.start(display, session, changes -> calls.sync());
        calls.sync();
        return () -> {
            watch.close();
            OnUiThread.run(display, () -> calls.notices.values().forEach(IncomingCallNotice::close));
        };
    }

    private void sync() {
        List<Call> ringing = session.calls().stream().filter(call -> call.state() == CallState.INCOMING).toList();
        for (Call call : ringing) {
            notices.computeIfAbsent(CallKey.of(call), key -> {
                String caller = session.contacts().flatMap(list -> list.find(call.account(), call.peer()))
                        .map(contact -> contact.displayName()).filter(name -> !name.isEmpty())
                        .orElse(call.peer().schemeSpecificPart());
                return new IncomingCallNotice(display, call, caller, actions::showWindowAndCalls);
            });
        }
        for (CallKey key : List.copyOf(notices.keySet())) {
            if (ringing.stream().noneMatch(call -> CallKey.of(call).equals(key))) {
                notices.remove(key).close();
            }
        }
    }
}
