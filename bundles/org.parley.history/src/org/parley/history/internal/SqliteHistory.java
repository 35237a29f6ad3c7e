package org.parley.history.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.history.Conversation;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;

/**
 * The suite's {@link History}, kept in an SQLite database ({@link HistoryStore}). It hears every
 * account's calls and messages as a {@link CallListener} and {@link MessageListener} on the
 * whiteboard and stores each event before its listener call returns, so a message the UI showed
 * as sent or received is on disk. A database that cannot be used makes activation fail with the
 * reason (logged by SCR and here); the History service is then not offered.
 */
@Component(service = { History.class, CallListener.class, MessageListener.class }, immediate = true,
        configurationPid = SqliteHistory.PID, property = ServiceProperties.CAPABILITY + "=history")
@Designate(ocd = HistoryConfig.class)
public final class SqliteHistory implements History, CallListener, MessageListener {

    /** The configuration PID. */
    public static final String PID = "org.parley.history";

    private static final Logger LOG = Logger.getLogger(SqliteHistory.class.getName());

    private final HistoryStore store;

    @Activate
    public SqliteHistory(HistoryConfig config, BundleContext context) throws HistoryStoreException {
        Path file = config.databaseFile().isBlank()
                ? UserDataDirectory.of(context).resolve("history").resolve("history.db")
                : Path.of(config.databaseFile());
        try {
            store = HistoryStore.open(file);
        } catch (HistoryStoreException e) {
            LOG.severe("History is not available: " + e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void close() {
        store.close();
    }

    @Override
    public void callChanged(CallEvent event) {
        try {
            switch (event) {
                case CallEvent.Started started -> store.callStarted(started.account(), started.call(), started.peer(),
                        started.direction(), started.at());
                case CallEvent.StateChanged changed -> {
                    if (changed.current() == CallState.CONNECTED) {
                        store.callConnected(changed.account(), changed.call(), changed.at());
                    }
                }
                case CallEvent.Ended ended -> store.callEnded(ended.account(), ended.call(), ended.reason(),
                        ended.detail(), ended.at());
                case CallEvent.DtmfReceived dtmf -> {
                    // keypad tones are not history
                }
                case CallEvent.SecurityChanged secured -> {
                    // how a call was secured is shown while it runs, not kept
                }
                case CallEvent.VideoChanged video -> {
                    // whether a call had video is not kept
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not record " + event + " in the history", e);
        }
    }

    @Override
    public void messageChanged(MessageEvent event) {
        try {
            switch (event) {
                case MessageEvent.Sent sent -> store.messageSent(sent.account(), sent.message(), sent.peer(),
                        sent.text(), sent.at());
                case MessageEvent.Received received -> store.messageReceived(received.account(), received.message(),
                        received.peer(), received.text(), received.at());
                case MessageEvent.DeliveryChanged changed -> store.deliveryChanged(changed.account(),
                        changed.message(), changed.state());
                case MessageEvent.Composing composing -> {
                    // typing notices are not history
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not record " + event + " in the history", e);
        }
    }

    @Override
    public List<HistoryEntry> conversation(AccountId account, Address peer, int limit) {
        return store.conversation(account, peer, limit);
    }

    @Override
    public List<HistoryEntry> search(String query, int limit) {
        return store.search(query, limit);
    }

    @Override
    public void deleteConversation(AccountId account, Address peer) {
        store.deleteConversation(account, peer);
    }

    @Override
    public List<Conversation> conversations(int limit) {
        return store.conversations(limit);
    }

    @Override
    public int export(Conversation conversation, Path file) throws IOException {
        return store.export(conversation, file, ZoneId.systemDefault());
    }

    @Override
    public int exportAll(Path file) throws IOException {
        return store.export(null, file, ZoneId.systemDefault());
    }
}
