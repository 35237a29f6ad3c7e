package org.parley.ui.internal.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.parley.core.history.Conversation;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;

/** What the history view lists: the recent calls and messages, or the messages a search finds. */
final class HistoryQuery {

    static final int CONVERSATIONS = 50;
    static final int PER_CONVERSATION = 20;
    static final int RECENT_ROWS = 300;
    static final int SEARCH_ROWS = 200;

    private HistoryQuery() {
    }

    /** The last entries of the most recently active conversations, merged newest first. */
    static List<HistoryEntry> recent(History history) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (Conversation conversation : history.conversations(CONVERSATIONS)) {
            entries.addAll(history.conversation(conversation.account(), conversation.peer(), PER_CONVERSATION));
        }
        entries.sort(Comparator.comparing(HistoryEntry::at).reversed());
        return entries.size() > RECENT_ROWS ? List.copyOf(entries.subList(0, RECENT_ROWS)) : entries;
    }

    /**
     * The messages matching a full-text query, newest first.
     *
     * @throws IllegalArgumentException if the query's syntax is not valid
     */
    static List<HistoryEntry> search(History history, String text) {
        return history.search(text, SEARCH_ROWS);
    }
}
