package org.parley.ui.internal.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.history.Conversation;
import org.parley.core.messaging.MessageEvent;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Notices;
import org.parley.ui.internal.Sessions;
import org.parley.ui.internal.UiWatch;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

import jakarta.annotation.PostConstruct;

/**
 * The conversations, one tab each. A message from somebody without an open tab opens one (and
 * counts as unread until the user looks at it).
 */
public final class ConversationsPart {

    private DesktopSession session;
    private CTabFolder tabs;

    @PostConstruct
    void create(Composite parent) {
        session = Sessions.await();
        parent.setLayout(new FillLayout());
        tabs = Ids.set(new CTabFolder(parent, SWT.BORDER | SWT.FLAT), "conversations.tabs");
        tabs.addListener(SWT.Selection, event -> followReading());
        tabs.getShell().addListener(SWT.Activate, event -> followReading());
        tabs.getShell().addListener(SWT.Deactivate, event -> followReading());
        UiWatch.start(tabs, session, this::changed);
    }

    /** Opens or shows the conversation with {@code peer} and puts the cursor in its input. */
    public void open(AccountId account, Address peer) {
        ChatTab tab = tab(new Conversation(account, peer)).orElseGet(() -> newTab(new Conversation(account, peer)));
        tabs.setSelection(tab.item());
        followReading();
        tab.focusInput();
    }

    private Optional<ChatTab> tab(Conversation conversation) {
        return Arrays.stream(tabs.getItems()).map(item -> (ChatTab) item.getData())
                .filter(tab -> tab.conversation().equals(conversation)).findFirst();
    }

    private ChatTab newTab(Conversation conversation) {
        String name = session.contacts().flatMap(list -> list.find(conversation.account(), conversation.peer()))
                .map(contact -> contact.displayName()).filter(n -> !n.isEmpty())
                .orElse(conversation.peer().schemeSpecificPart());
        ChatTab tab = new ChatTab(tabs, session, conversation, name);
        if (tabs.getSelection() == null) {
            tabs.setSelection(tab.item());
        }
        return tab;
    }

    private void changed(List<SessionChange> changes) {
        for (SessionChange change : changes) {
            if (change instanceof SessionChange.MessageChanged(MessageEvent event)) {
                Conversation conversation = new Conversation(event.account(), event.peer());
                Optional<ChatTab> tab = tab(conversation);
                if (tab.isEmpty() && event instanceof MessageEvent.Received received) {
                    tab = Optional.of(newTab(conversation));
                    notifyReceived(tab.get(), received);
                } else if (event instanceof MessageEvent.Received received && !isReading(conversation)) {
                    notifyReceived(tab.get(), received);
                }
                tab.ifPresent(t -> t.show(event));
            }
        }
        followReading();
        markUnread();
    }

    private void notifyReceived(ChatTab tab, MessageEvent.Received received) {
        Notices.show(tabs.getDisplay(), session, "Message from " + tab.peerName(), received.text());
    }

    private boolean isReading(Conversation conversation) {
        CTabItem selected = tabs.getSelection();
        Shell shell = tabs.getShell();
        return selected != null && ((ChatTab) selected.getData()).conversation().equals(conversation)
                && tabs.isVisible() && shell.isVisible() && !shell.getMinimized()
                && shell.getDisplay().getActiveShell() == shell;
    }

    /** Tells the session which conversation the user has in front of them, so it is not counted unread. */
    private void followReading() {
        if (tabs.isDisposed()) {
            return;
        }
        for (CTabItem item : tabs.getItems()) {
            ChatTab tab = (ChatTab) item.getData();
            session.setReading(tab.conversation(), isReading(tab.conversation()));
        }
        markUnread();
    }

    private void markUnread() {
        for (CTabItem item : tabs.getItems()) {
            ChatTab tab = (ChatTab) item.getData();
            int unread = session.unreadMessages(tab.conversation());
            item.setFont(unread > 0 ? boldFont() : null);
            item.setText(unread > 0 ? tab.peerName() + " (" + unread + ")" : tab.peerName());
        }
    }

    private org.eclipse.swt.graphics.Font bold;

    private org.eclipse.swt.graphics.Font boldFont() {
        if (bold == null) {
            var data = tabs.getFont().getFontData()[0];
            bold = new org.eclipse.swt.graphics.Font(tabs.getDisplay(), data.getName(), data.getHeight(), SWT.BOLD);
            tabs.addDisposeListener(event -> bold.dispose());
        }
        return bold;
    }
}
