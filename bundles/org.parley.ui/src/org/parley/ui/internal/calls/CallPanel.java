package org.parley.ui.internal.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.parley.core.Address;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaSecurity;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallState;
import org.parley.ui.api.CallPanelButton;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;
import org.parley.ui.internal.session.DesktopSession;

/**
 * One call's panel: who, how long, how secure and how good; answer or reject while it rings;
 * mute, hold, keypad, transfer, video and hang up while it runs; and the buttons other bundles
 * contribute.
 */
public final class CallPanel {

    private static final String KEYS = "123456789*0#";
    /** Widget data of a call's panel: its {@link org.parley.ui.internal.session.CallKey}. */
    public static final String CALL = "parley.call";

    private final DesktopSession session;
    private final Call call;
    private final Composite panel;
    private final Label state;
    private final Label security;
    private final Button sasVerified;
    private final Label statistics;
    private final Composite ringing;
    private final Composite running;
    private final Composite contributed;
    private final Composite keypad;
    private final Button mute;
    private final Button hold;
    private final Button video;
    private final VideoView videoView;
    private final Font peerFont;
    private Instant connectedAt;
    private List<CallPanelButton> shownButtons = List.of();

    CallPanel(Composite parent, DesktopSession session, Call call, Shell window) {
        this.session = session;
        this.call = call;
        panel = Ids.set(new Composite(parent, SWT.BORDER), "call:" + org.parley.ui.internal.session.CallKey.of(call));
        panel.setData(CALL, org.parley.ui.internal.session.CallKey.of(call));
        panel.setLayout(new GridLayout(2, false));
        panel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Label peer = Ids.set(new Label(panel, SWT.NONE), "call.peer");
        FontData data = peer.getFont().getFontData()[0];
        peerFont = new Font(panel.getDisplay(), data.getName(), data.getHeight() + 3, SWT.BOLD);
        panel.addDisposeListener(event -> peerFont.dispose());
        peer.setFont(peerFont);
        peer.setText(displayName());
        peer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        state = Ids.set(new Label(panel, SWT.RIGHT), "call.state");
        state.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        ((GridData) state.getLayoutData()).widthHint = 180;

        Composite securityRow = new Composite(panel, SWT.NONE);
        securityRow.setLayout(new RowLayout());
        securityRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        security = Ids.set(new Label(securityRow, SWT.NONE), "call.security");
        sasVerified = Ids.set(new Button(securityRow, SWT.CHECK), "call.sasVerified");
        sasVerified.setText("The other side reads the same words");
        sasVerified.addListener(SWT.Selection, event -> {
            try {
                call.setSasVerified(sasVerified.getSelection());
            } catch (IllegalStateException e) {
                sasVerified.setSelection(false);
            }
        });
        statistics = Ids.set(new Label(panel, SWT.NONE), "call.stats");
        statistics.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        ringing = row(panel);
        button(ringing, "Answer", "call.answer", call::answer);
        button(ringing, "Reject", "call.reject", () -> call.reject(false));

        running = row(panel);
        mute = toggle(running, "Mute", "call.mute", on -> session.setMuted(call, on));
        hold = toggle(running, "Hold", "call.hold", call::setOnHold);
        Button keys = toggle(running, "Keypad", "call.keypad", on -> showKeypad(on));
        keys.setToolTipText("Send keypad tones (DTMF)");
        button(running, "Transfer…", "call.transfer", () -> transfer(window));
        video = toggle(running, "Video", "call.video", call::setVideo);
        Button hangUp = button(running, "Hang up", "call.hangup", call::hangUp);
        hangUp.setToolTipText("Hang up (Ctrl+Shift+H)");
        mute.setToolTipText("Mute the microphone (Ctrl+Shift+M)");

        contributed = row(panel);

        keypad = Ids.set(new Composite(panel, SWT.NONE), "call.keypadKeys");
        keypad.setLayout(new GridLayout(3, true));
        keypad.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
        for (char key : KEYS.toCharArray()) {
            Button digit = button(keypad, String.valueOf(key), "call.dtmf." + key, () -> call.sendDtmf(String.valueOf(key)));
            digit.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        }
        showKeypad(false);

        videoView = new VideoView(panel, call);
        update();
    }

    private static Composite row(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        RowLayout layout = new RowLayout();
        layout.marginLeft = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        return row;
    }

    private static Button button(Composite parent, String text, String id, Runnable action) {
        Button button = Ids.set(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.addListener(SWT.Selection, event -> act(button.getShell(), action));
        return button;
    }

    private static Button toggle(Composite parent, String text, String id, java.util.function.Consumer<Boolean> action) {
        Button button = Ids.set(new Button(parent, SWT.TOGGLE), id);
        button.setText(text);
        button.addListener(SWT.Selection, event -> act(button.getShell(), () -> action.accept(button.getSelection())));
        return button;
    }

    /** Runs a call action; a call that moved on meanwhile says why in a dialog. */
    private static void act(Shell shell, Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException | IllegalArgumentException e) {
            MessageDialog.openInformation(shell, "Call", e.getMessage());
        }
    }

    private void showKeypad(boolean on) {
        keypad.setVisible(on);
        ((GridData) keypad.getLayoutData()).exclude = !on;
        panel.getParent().layout(true, true);
    }

    private String displayName() {
        return session.contacts().flatMap(list -> list.find(call.account(), call.peer()))
                .map(contact -> contact.displayName()).filter(name -> !name.isEmpty())
                .map(name -> name + " (" + call.peer().schemeSpecificPart() + ")")
                .orElse(call.peer().schemeSpecificPart());
    }

    private void transfer(Shell window) {
        List<Call> others = session.calls().stream().filter(other -> !other.id().equals(call.id())
                && other.account().equals(call.account())).toList();
        if (!others.isEmpty()) {
            Call other = others.get(0);
            MessageDialog choice = new MessageDialog(window, "Transfer", null,
                    "Join " + call.peer().schemeSpecificPart() + " with " + other.peer().schemeSpecificPart()
                            + " (attended transfer), or hand the call to another address?",
                    MessageDialog.QUESTION, 0, "Join with " + other.peer().schemeSpecificPart(), "Another address…", "Cancel");
            int answer = choice.open();
            if (answer == 0) {
                act(window, () -> call.transfer(other));
                return;
            }
            if (answer != 1) {
                return;
            }
        }
        InputDialog target = new InputDialog(window, "Transfer", "Hand the call to (blind transfer):", "", text -> {
            try {
                Address.parse(text, "sip");
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        if (target.open() == Window.OK) {
            act(window, () -> call.transfer(Address.parse(target.getValue(), "sip")));
        }
    }



    /** Shows the call as it is now. */
    void update() {
        if (panel.isDisposed()) {
            return;
        }
        CallState now = call.state();
        if ((now == CallState.CONNECTED || now == CallState.ON_HOLD) && connectedAt == null) {
            connectedAt = Instant.now();
        }
        state.setText(CallWords.state(now) + (connectedAt != null ? "  " + Words.duration(Duration.between(connectedAt, Instant.now())) : ""));
        MediaSecurity secured = call.security();
        security.setText(CallWords.security(secured));
        boolean sas = secured instanceof MediaSecurity.Srtp srtp && srtp.sas().isPresent();
        sasVerified.setVisible(sas);
        if (sas) {
            sasVerified.setSelection(((MediaSecurity.Srtp) secured).sas().get().verified());
        }
        statistics.setText(CallWords.statistics(call.statistics()));
        boolean incoming = now == CallState.INCOMING;
        show(ringing, incoming);
        show(running, !incoming);
        mute.setSelection(session.muted(call));
        mute.setEnabled(now == CallState.CONNECTED);
        hold.setSelection(now == CallState.ON_HOLD);
        hold.setEnabled(now == CallState.CONNECTED || now == CallState.ON_HOLD);
        video.setSelection(call.video() != MediaDirection.INACTIVE);
        video.setEnabled(now == CallState.CONNECTED);
        videoView.update();
        updateContributed();
        panel.layout(true, true);
    }

    private void updateContributed() {
        List<CallPanelButton> buttons = session.callPanelButtons();
        if (buttons.equals(shownButtons)) {
            return;
        }
        shownButtons = buttons;
        for (var child : contributed.getChildren()) {
            child.dispose();
        }
        for (CallPanelButton contribution : buttons) {
            button(contributed, contribution.label(), "call.plugin." + contribution.label(),
                    () -> contribution.pressed(call, panel.getShell()));
        }
        show(contributed, !buttons.isEmpty());
    }

    private static void show(Composite row, boolean on) {
        row.setVisible(on);
        ((GridData) row.getLayoutData()).exclude = !on;
    }

    void dispose() {
        panel.dispose();
    }

}
