package org.parley.xmpp.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.receipts.DeliveryReceiptManager;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;
import org.jxmpp.jid.BareJid;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;

/**
 * Chat messages of an XMPP account: sent with a delivery receipt request (XEP-0184), delivered when the
 * peer's client acknowledges it, failed on an error stanza; typing notices as chat states (XEP-0085).
 * Received messages are acknowledged, and told to {@link MessageListener}s with the peer's typing.
 */
final class XmppMessaging implements Messaging {

    /** Longer texts are refused: servers commonly cut stanzas at 256 KB. */
    static final int MAX_TEXT = 64 * 1024;

    private final AccountId account;
    private final XMPPConnection connection;
    private final Executor executor;
    private final Listeners<MessageListener> listeners;
    /** Messages sent and not yet delivered, for resending and for their error stanzas. */
    private final Map<MessageId, Outgoing> outgoing = new ConcurrentHashMap<>();
    /** The message each stanza sent carried (a resent message goes out in a new stanza). */
    private final Map<String, MessageId> stanzas = new ConcurrentHashMap<>();

    private record Outgoing(BareJid peer, String text) {
    }

    XmppMessaging(AccountId account, XMPPConnection connection, Executor executor, Listeners<MessageListener> listeners) {
        this.account = account;
        this.connection = connection;
        this.executor = executor;
        this.listeners = listeners;
        DeliveryReceiptManager receipts = DeliveryReceiptManager.getInstanceFor(connection);
        receipts.setAutoReceiptMode(DeliveryReceiptManager.AutoReceiptMode.always);
        receipts.addReceiptReceivedListener((from, to, receiptId, receipt) -> {
            MessageId id = stanzas.remove(receiptId);
            Outgoing delivered = id == null ? null : outgoing.remove(id);
            if (delivered != null) {
                tell(new MessageEvent.DeliveryChanged(account, Jids.address(delivered.peer()), id,
                        new DeliveryState.Delivered(), Instant.now()));
            }
        });
        connection.addAsyncStanzaListener(stanza -> received((Message) stanza), StanzaTypeFilter.MESSAGE);
    }

    @Override
    public MessageId send(Address peer, String text) {
        BareJid to = Jids.of(peer);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A message needs a text");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("A message is at most " + MAX_TEXT + " characters, not " + text.length());
        }
        MessageId id = new MessageId("parley-" + UUID.randomUUID());
        outgoing.put(id, new Outgoing(to, text));
        tell(new MessageEvent.Sent(account, peer, id, text, Instant.now()));
        executor.execute(() -> transmit(id));
        return id;
    }

    @Override
    public void resend(MessageId message) {
        if (!outgoing.containsKey(message)) {
            throw new IllegalArgumentException("No message " + message + " waits to be delivered");
        }
        executor.execute(() -> transmit(message));
    }

    @Override
    public void setTyping(Address peer, boolean typing) {
        BareJid to = Jids.of(peer);
        executor.execute(() -> {
            if (connection.isAuthenticated()) {
                try {
                    connection.sendStanza(connection.getStanzaFactory().buildMessageStanza().to(to)
                            .ofType(Message.Type.chat)
                            .addExtension(new ChatStateExtension(typing ? ChatState.composing : ChatState.active)).build());
                } catch (SmackException.NotConnectedException | InterruptedException notNow) {
                    // a typing notice is not worth keeping
                }
            }
        });
    }

    private void transmit(MessageId id) {
        Outgoing message = outgoing.get(id);
        if (message == null) {
            return;
        }
        Address peer = Jids.address(message.peer());
        tell(new MessageEvent.DeliveryChanged(account, peer, id, new DeliveryState.Sending(), Instant.now()));
        if (!connection.isAuthenticated()) {
            failed(id, peer, "the account is not connected to its server");
            return;
        }
        MessageBuilder stanza = connection.getStanzaFactory().buildMessageStanza().to(message.peer())
                .ofType(Message.Type.chat).setBody(message.text())
                .addExtension(new DeliveryReceiptRequest()).addExtension(new ChatStateExtension(ChatState.active));
        Message built = stanza.build();
        stanzas.put(built.getStanzaId(), id);
        try {
            connection.sendStanza(built);
        } catch (SmackException.NotConnectedException | InterruptedException notSent) {
            failed(id, peer, "the connection to the server was lost");
        }
    }

    private void received(Message message) {
        if (message.getFrom() == null) {
            return;
        }
        BareJid from = message.getFrom().asBareJid();
        Address peer = Jids.address(from);
        if (message.getType() == Message.Type.error) {
            MessageId id = message.getStanzaId() == null ? null : stanzas.remove(message.getStanzaId());
            if (id != null && outgoing.containsKey(id)) {
                StanzaError error = message.getError();
                failed(id, peer, error == null ? "the server refused it" : error.getCondition() + describe(error));
            }
            return;
        }
        String body = message.getBody();
        if (body != null && !body.isEmpty()) {
            MessageId id = new MessageId(message.getStanzaId() == null ? "xmpp-" + UUID.randomUUID() : message.getStanzaId());
            tell(new MessageEvent.Received(account, peer, id, body, Instant.now()));
        }
        for (ExtensionElement extension : message.getExtensions()) {
            if (extension instanceof ChatStateExtension state) {
                tell(new MessageEvent.Composing(account, peer, state.getChatState() == ChatState.composing,
                        Instant.now()));
            }
        }
    }

    private static String describe(StanzaError error) {
        return error.getDescriptiveText() == null ? "" : ": " + error.getDescriptiveText();
    }

    private void failed(MessageId id, Address peer, String reason) {
        tell(new MessageEvent.DeliveryChanged(account, peer, id, new DeliveryState.Failed(reason), Instant.now()));
    }

    private void tell(MessageEvent event) {
        listeners.tell(account, listener -> listener.messageChanged(event));
    }
}
