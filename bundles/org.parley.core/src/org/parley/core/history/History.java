package org.parley.core.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.parley.core.Address;
import org.parley.core.account.AccountId;

/**
 * The suite's memory of calls and messages. One service for the whole suite, registered with
 * {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code history}.
 *
 * <p>Limits are clamped to what an implementation is willing to return at once (at least 1);
 * methods never return {@code null}.
 */
public interface History {

    /** The conversation with {@code peer} on {@code account}, newest last, at most {@code limit} entries. */
    List<HistoryEntry> conversation(AccountId account, Address peer, int limit);

    /**
     * Messages whose text matches {@code query} (full-text), newest first, at most {@code limit}.
     *
     * @throws IllegalArgumentException if the query is not valid full-text query syntax
     */
    List<HistoryEntry> search(String query, int limit);

    /** Forgets the conversation with {@code peer} on {@code account}. */
    void deleteConversation(AccountId account, Address peer);

    /** The conversations that have at least one call or message, most recently active first, at most {@code limit}. */
    List<Conversation> conversations(int limit);

    /**
     * Writes one conversation, oldest first, to {@code file} as a readable Markdown document
     * (replacing the file if it exists).
     *
     * @return the number of calls and messages written
     * @throws IOException if the file cannot be written
     */
    int export(Conversation conversation, Path file) throws IOException;

    /**
     * Writes every conversation, each oldest first, to {@code file} as a readable Markdown document
     * (replacing the file if it exists).
     *
     * @return the number of calls and messages written
     * @throws IOException if the file cannot be written
     */
    int exportAll(Path file) throws IOException;
}
