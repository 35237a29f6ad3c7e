package org.parley.ui.internal.calls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Sessions;
import org.parley.ui.internal.UiWatch;
import org.parley.ui.internal.WindowActions;
import org.parley.ui.internal.session.CallKey;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The calls: one panel per call that has not ended (a second call gets a panel below the
 * first) and lines saying how the last few calls ended. ({@link IncomingCalls} shows the notice of a
 * ringing call, also while this tab was never opened.)
 */
public final class CallsPart {

    private static final int TICK_MS = 1000;
    private static final int RECENTLY_ENDED = 3;

    @Inject
    private WindowActions actions;
    private DesktopSession session;
    private ScrolledComposite scroller;
    private Composite content;
    private Label lastEnded;
    private Label empty;
    private final java.util.Deque<String> recentlyEnded = new java.util.ArrayDeque<>();
    private final Map<CallKey, CallPanel> panels = new LinkedHashMap<>();

    @PostConstruct
    void create(Composite parent) {
        session = Sessions.await();
        parent.setLayout(new org.eclipse.swt.layout.FillLayout());
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        content = Ids.set(new Composite(scroller, SWT.NONE), "calls");
        content.setLayout(new GridLayout(1, false));
        scroller.setContent(content);
        lastEnded = Ids.set(new Label(content, SWT.WRAP), "calls.lastEnded");
        lastEnded.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        empty = new Label(content, SWT.WRAP);
        empty.setText("No calls. Call a contact from its menu, or type an address below the contacts and press Call.");
        empty.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        UiWatch.start(content, session, this::changed);
        sync();
        tick();
    }

    private void tick() {
        if (content.isDisposed()) {
            return;
        }
        panels.values().forEach(CallPanel::update);
        content.getDisplay().timerExec(TICK_MS, this::tick);
    }

    private void changed(List<SessionChange> changes) {
        for (SessionChange change : changes) {
            if (change instanceof SessionChange.CallChanged(CallEvent event)) {
                if (event instanceof CallEvent.Ended ended) {
                    recentlyEnded.addFirst(CallWords.ended(ended) + " at " + org.parley.ui.internal.Words.time(ended.at()));
                    while (recentlyEnded.size() > RECENTLY_ENDED) {
                        recentlyEnded.removeLast();
                    }
                    lastEnded.setText(String.join("\n", recentlyEnded));
                } else if (event instanceof CallEvent.Started started && started.direction() == CallDirection.OUTGOING) {
                    actions.showCalls();
                }
            }
        }
        if (changes.stream().anyMatch(c -> c instanceof SessionChange.CallChanged || c instanceof SessionChange.Muted
                || c instanceof SessionChange.Accounts || c instanceof SessionChange.Contributions)) {
            sync();
        }
    }

    /** Makes the panels match the calls that have not ended. */
    private void sync() {
        List<Call> calls = session.calls();
        for (CallKey gone : List.copyOf(panels.keySet())) {
            if (calls.stream().noneMatch(call -> CallKey.of(call).equals(gone))) {
                panels.remove(gone).dispose();
            }
        }
        for (Call call : calls) {
            panels.computeIfAbsent(CallKey.of(call), key -> new CallPanel(content, session, call, actions.shell())).update();
        }
        empty.setVisible(panels.isEmpty());
        ((GridData) empty.getLayoutData()).exclude = !panels.isEmpty();
        content.layout(true, true);
        scroller.setMinSize(content.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }
}
