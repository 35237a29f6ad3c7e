package org.parley.ui.internal;

import java.util.Optional;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.telephony.Telephony;
import org.parley.ui.internal.calls.CallsPart;
import org.parley.ui.internal.chat.ConversationsPart;
import org.parley.ui.internal.session.DesktopSession;

/**
 * What one part of the window asks of another: open a conversation, place a call, show the
 * history. Lives in the application's context; parts get it injected.
 */
public final class WindowActions {

    /** Shell data set while the window closes for good. */
    static final String QUITTING = "parley.quitting";
    public static final String CONTACTS = "org.parley.ui.part.contacts";
    public static final String CONVERSATIONS = "org.parley.ui.part.conversations";
    public static final String CALLS = "org.parley.ui.part.calls";
    public static final String HISTORY = "org.parley.ui.part.history";

    private final MApplication application;
    private final DesktopSession session;

    WindowActions(MApplication application, DesktopSession session) {
        this.application = application;
        this.session = session;
    }

    /** The main window's shell (or the active shell while the window is not there). */
    public Shell shell() {
        MWindow window = mainWindow();
        if (window != null && window.getWidget() instanceof Shell shell && !shell.isDisposed()) {
            return shell;
        }
        return Display.getCurrent().getActiveShell();
    }

    /** Brings the main window to the front, restoring it if minimised or hidden. */
    public void showWindow() {
        Shell shell = shell();
        if (shell != null) {
            shell.setVisible(true);
            shell.setMinimized(false);
            shell.forceActive();
        }
    }

    /** Whether {@link #restart} can start Parley again (the desktop product; not in tests). */
    public boolean canRestart() {
        return DesktopLifecycle.find().map(DesktopLifecycle::canStartAgain).orElse(false);
    }

    /** Closes the window for good and starts Parley again, for changes that need a restart. */
    public void restart() {
        DesktopLifecycle.find().ifPresent(DesktopLifecycle::startAgainAfterExit);
        quit();
    }

    /** Closes the window for good, even when closing it otherwise only hides it in the tray. */
    public void quit() {
        Shell shell = shell();
        if (shell != null) {
            shell.setData(QUITTING, Boolean.TRUE);
            shell.close();
        }
    }

    /** Opens (or shows) the conversation with {@code peer} on {@code account} and puts the cursor in its input. */
    public void openConversation(AccountId account, Address peer) {
        part(CONVERSATIONS, ConversationsPart.class).ifPresent(part -> part.open(account, peer));
    }

    /** Places a call and shows it; explains in a dialog when the account cannot call. */
    public void call(AccountId account, Address peer) {
        Optional<Telephony> telephony = session.telephony(account);
        if (telephony.isEmpty()) {
            MessageDialog.openError(shell(), "Cannot call", "The account " + account.value() + " cannot place calls right now"
                    + " (its telephony is not available).");
            return;
        }
        try {
            telephony.get().call(peer);
            part(CALLS, CallsPart.class);
        } catch (RuntimeException e) {
            MessageDialog.openError(shell(), "Cannot call", "Calling " + peer + " failed: " + e.getMessage());
        }
    }

    /** Puts {@code address} in the dial field of a window brought to the front, ready to call (a link was opened). */
    public void dial(Address address) {
        showWindow();
        MWindow window = mainWindow();
        if (window != null) {
            MPart part = window.getContext().get(EPartService.class).findPart(CONTACTS);
            if (part != null && part.getObject() instanceof ContactsPart contacts) {
                contacts.prefill(address);
            }
        }
    }

    /** Brings the window to the front with its calls tab (a ringing call was answered from its notice). */
    public void showWindowAndCalls() {
        showWindow();
        showCalls();
    }

    /** Shows the calls tab. */
    public void showCalls() {
        part(CALLS, CallsPart.class);
    }

    /**
     * Creates the conversations and calls tabs without showing them, so that they follow messages
     * and calls from the start (e4 otherwise makes a tab's contents when it is first shown).
     */
    void createParts() {
        MWindow window = mainWindow();
        if (window != null) {
            EPartService parts = window.getContext().get(EPartService.class);
            parts.showPart(CONVERSATIONS, EPartService.PartState.CREATE);
            parts.showPart(CALLS, EPartService.PartState.CREATE);
        }
    }

    /** Shows the history tab. */
    public void showHistory() {
        part(HISTORY, Object.class);
    }

    private <T> Optional<T> part(String id, Class<T> type) {
        MWindow window = mainWindow();
        if (window == null) {
            return Optional.empty();
        }
        EPartService parts = window.getContext().get(EPartService.class);
        MPart part = parts.showPart(id, EPartService.PartState.ACTIVATE);
        return part != null && type.isInstance(part.getObject()) ? Optional.of(type.cast(part.getObject())) : Optional.empty();
    }

    private MWindow mainWindow() {
        return application.getChildren().isEmpty() ? null : application.getChildren().get(0);
    }
}
