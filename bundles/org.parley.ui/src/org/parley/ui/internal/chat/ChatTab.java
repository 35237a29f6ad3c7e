package org.parley.ui.internal.chat;

import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Text;
import org.parley.core.history.Conversation;
import org.parley.core.history.HistoryEntry;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.Messaging;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.session.DesktopSession;

/**
 * One conversation's tab: the transcript (history first), who is typing, and the input with
 * emoji. Enter sends, Shift+Enter starts a new line.
 */
final class ChatTab {

    private static final String[] EMOJI = { "😀", "😂", "😉", "😍", "🙂", "😢", "😮", "👍", "👎", "🙏", "🎉", "❤️", "☕", "📞" };
    private static final int HISTORY_LINES = 200;
    private static final int TYPING_IDLE_MS = 4000;

    private final DesktopSession session;
    private final Conversation conversation;
    private final String peerName;
    private final CTabItem item;
    private final Transcript transcript;
    private final Label typing;
    private final Label problem;
    private final Text input;
    private boolean saidTyping;
    private final Runnable typingStopped = this::stopTyping;

    ChatTab(CTabFolder folder, DesktopSession session, Conversation conversation, String peerName) {
        this.session = session;
        this.conversation = conversation;
        this.peerName = peerName;
        item = new CTabItem(folder, SWT.CLOSE);
        item.setText(peerName);
        item.setData(this);
        item.setData(Ids.KEY, "chat:" + conversation.account().value() + ":" + conversation.peer().uri());
        Composite page = Ids.set(new Composite(folder, SWT.NONE), "chat:" + conversation.peer().uri());
        page.setLayout(new GridLayout(3, false));
        transcript = new Transcript(page, peerName, id -> messaging().ifPresent(m -> m.resend(id)));
        transcript.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        typing = Ids.set(new Label(page, SWT.NONE), "chat.typing");
        typing.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        Button emoji = Ids.set(new Button(page, SWT.PUSH), "chat.emoji");
        emoji.setText("Emoji…");
        Accessibility.name(emoji, "Insert an emoji");
        input = Ids.set(new Text(page, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL), "chat.input");
        Accessibility.name(input, "Message to " + peerName);
        GridData inputData = new GridData(SWT.FILL, SWT.FILL, true, false);
        inputData.heightHint = input.getLineHeight() * 3;
        input.setLayoutData(inputData);
        Button send = Ids.set(new Button(page, SWT.PUSH), "chat.send");
        send.setText("Send");
        send.setLayoutData(new GridData(SWT.FILL, SWT.FILL, false, false));
        problem = Ids.set(new Label(page, SWT.WRAP), "chat.problem");
        problem.setForeground(page.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        problem.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        item.setControl(page);

        Menu emojis = new Menu(emoji);
        for (String each : EMOJI) {
            MenuItem entry = new MenuItem(emojis, SWT.PUSH);
            entry.setText(each);
            entry.addListener(SWT.Selection, event -> {
                input.insert(each);
                input.setFocus();
            });
        }
        emoji.addListener(SWT.Selection, event -> {
            var at = emoji.toDisplay(0, emoji.getSize().y);
            emojis.setLocation(at.x, at.y);
            emojis.setVisible(true);
        });
        send.addListener(SWT.Selection, event -> send());
        input.addListener(SWT.KeyDown, event -> {
            if ((event.keyCode == SWT.CR || event.keyCode == SWT.KEYPAD_CR) && (event.stateMask & SWT.SHIFT) == 0) {
                event.doit = false;
                send();
            }
        });
        input.addModifyListener(event -> typed());
        item.addDisposeListener(event -> {
            stopTyping();
            session.setReading(conversation, false);
        });
        loadHistory();
    }

    Conversation conversation() {
        return conversation;
    }

    String peerName() {
        return peerName;
    }

    CTabItem item() {
        return item;
    }

    void focusInput() {
        input.setFocus();
    }

    private Optional<Messaging> messaging() {
        return session.messaging(conversation.account());
    }

    private void send() {
        String text = input.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        Optional<Messaging> messaging = messaging();
        if (messaging.isEmpty()) {
            problem.setText("Account " + conversation.account().value() + " cannot send messages right now.");
            problem.getParent().layout(true);
            return;
        }
        try {
            stopTyping();
            var id = messaging.get().send(conversation.peer(), text);
            transcript.add(new ChatLine(id, true, text, java.time.Instant.now(), new DeliveryState.Sending()));
            input.setText("");
            problem.setText("");
        } catch (RuntimeException e) {
            problem.setText("Not sent: " + e.getMessage());
        }
        problem.getParent().layout(true);
    }

    private void typed() {
        Display display = input.getDisplay();
        if (input.getText().isEmpty()) {
            stopTyping();
            return;
        }
        if (!saidTyping) {
            saidTyping = true;
            messaging().ifPresent(m -> m.setTyping(conversation.peer(), true));
        }
        display.timerExec(-1, typingStopped);
        display.timerExec(TYPING_IDLE_MS, typingStopped);
    }

    private void stopTyping() {
        if (saidTyping) {
            saidTyping = false;
            messaging().ifPresent(m -> m.setTyping(conversation.peer(), false));
        }
        if (!input.isDisposed()) {
            input.getDisplay().timerExec(-1, typingStopped);
        }
    }

    /** A conversation event for this tab's conversation. */
    void show(MessageEvent event) {
        switch (event) {
            case MessageEvent.Received received -> {
                transcript.add(new ChatLine(received.message(), false, received.text(), received.at(), new DeliveryState.Delivered()));
                typing.setText("");
            }
            case MessageEvent.Sent sent -> transcript.add(new ChatLine(sent.message(), true, sent.text(), sent.at(),
                    new DeliveryState.Sending()));
            case MessageEvent.DeliveryChanged changed -> transcript.delivery(changed.message(), changed.state());
            case MessageEvent.Composing composing -> typing.setText(composing.typing() ? peerName + " is typing…" : "");
        }
    }

    private void loadHistory() {
        Display display = item.getDisplay();
        session.history().ifPresent(history -> Thread.ofVirtual().name("parley-ui-history").start(() -> {
            List<ChatLine> lines;
            try {
                lines = history.conversation(conversation.account(), conversation.peer(), HISTORY_LINES).stream()
                        .filter(HistoryEntry.MessageRecord.class::isInstance).map(HistoryEntry.MessageRecord.class::cast)
                        .map(r -> new ChatLine(r.message(), r.outgoing(), r.text(), r.at(), r.delivery())).toList();
            } catch (RuntimeException e) {
                display.asyncExec(() -> {
                    if (!problem.isDisposed()) {
                        problem.setText("The history could not be loaded: " + e.getMessage());
                    }
                });
                return;
            }
            display.asyncExec(() -> {
                if (!item.isDisposed()) {
                    transcript.addAll(lines);
                }
            });
        }));
    }

}
