package org.parley.history.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.history.Conversation;
import org.parley.core.history.HistoryEntry;
import org.parley.core.history.HistoryEntry.CallOutcome;
import org.parley.core.history.HistoryEntry.CallRecord;
import org.parley.core.history.HistoryEntry.MessageRecord;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallId;
import org.sqlite.SQLiteConfig;

/**
 * Calls and messages in one SQLite database file, through the xerial JDBC driver.
 *
 * <p>Durability: the database runs in write-ahead-log mode with {@code synchronous=FULL}, and every
 * write is its own transaction, committed before the method returns. A committed row is then in
 * the log file and flushed to the disk (fsync), so it survives the process being killed (which
 * {@code NORMAL} would already guarantee, since the log reaches the kernel at commit) and also an
 * operating-system crash or power cut (which {@code NORMAL} would not). One fsync per message or
 * call event is cheap at the rate people chat.
 *
 * <p>Safety: a file that is not an SQLite database, is damaged, was written by a newer schema, or
 * holds tables this store did not make is refused with a {@link HistoryStoreException} before
 * anything is written to it. Only prepared statements carry data; results are bounded by
 * {@link #MAX_RESULTS}. All methods are thread-safe (one connection, used under this object's lock).
 */
public final class HistoryStore implements AutoCloseable {

    /** The most entries one query returns. */
    public static final int MAX_RESULTS = 1000;

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String SENDING = "sending";
    private static final String INTERRUPTED = "interrupted: Parley stopped before an answer came";
    private static final String DELIVERED = "delivered";
    private static final String FAILED = "failed";
    /** SQLite's generic error: from a MATCH, the query's syntax (a damaged index reports SQLITE_CORRUPT). */
    private static final int SQLITE_ERROR = 1;

    private static final String MESSAGE_COLUMNS = "m.account, m.peer, m.message_id, m.outgoing, m.body, m.at,"
            + " m.delivery, m.failure";
    /**
     * The search: the newest matches found with the time from the covering index
     * {@code message_search} (schema version 3), then only their rows read.
     */
    public static final String SEARCH = "SELECT " + MESSAGE_COLUMNS + " FROM message m WHERE m.id IN ("
            + "SELECT r.id FROM message_text JOIN message r INDEXED BY message_search ON r.id = message_text.rowid"
            + " WHERE message_text MATCH ? ORDER BY r.at DESC, r.id DESC LIMIT ?) ORDER BY m.at DESC, m.id DESC";

    private static final String CALL_COLUMNS = "account, peer, direction, started_at, connected_at, ended_at, outcome";

    private final Path file;
    private final Connection connection;

    private HistoryStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the database at {@code file} and brings its schema to {@link Schema#LATEST}.
     *
     * @throws HistoryStoreException if the file cannot be used; it is then left as it was
     */
    public static HistoryStore open(Path file) throws HistoryStoreException {
        return open(file, Schema.LATEST);
    }

    /**
     * Opens the database at {@code file} with its schema brought to {@code version} (at most
     * {@link Schema#LATEST}); tests use it to make databases of older versions.
     */
    public static HistoryStore open(Path file, int version) throws HistoryStoreException {
        Path absolute = file.toAbsolutePath();
        checkHeader(absolute);
        Connection connection = null;
        try {
            Files.createDirectories(absolute.getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(5_000);
            config.enforceForeignKeys(false);
            connection = config.createConnection("jdbc:sqlite:" + absolute);
            try (Statement statement = connection.createStatement()) {
                // A schema from a file we did not write must not run functions with side effects.
                statement.execute("PRAGMA trusted_schema = OFF");
            }
            int current = Schema.version(connection);
            if (current > Schema.LATEST) {
                throw new HistoryStoreException("The history database " + absolute + " has schema version "
                        + current + ", newer than this Parley knows (" + Schema.LATEST
                        + "); it was left as it is");
            }
            checkIntegrity(connection, absolute);
            checkTables(connection, absolute, current);
            try (Statement statement = connection.createStatement()) {
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                        throw new HistoryStoreException("The history database " + absolute
                                + " cannot use a write-ahead log (journal mode "
                                + (mode.getRow() > 0 ? mode.getString(1) : "unknown") + ")");
                    }
                }
                statement.execute("PRAGMA synchronous = FULL");
                statement.execute("PRAGMA secure_delete = ON");
            }
            Schema.migrate(connection, version);
            HistoryStore store = new HistoryStore(absolute, connection);
            store.closeInterruptedCalls();
            store.failInterruptedMessages();
            return store;
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof HistoryStoreException refused) {
                throw refused;
            }
            throw new HistoryStoreException("The history database " + absolute + " cannot be used: "
                    + e.getMessage() + "; it was left as it is", e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    // ---------------------------------------------------------------- calls

    /** A call started; a second start of the same call is ignored. */
    public synchronized void callStarted(AccountId account, CallId call, Address peer, CallDirection direction,
            Instant at) {
        update("INSERT INTO call (account, call_id, peer, peer_key, direction, started_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (account, call_id) DO NOTHING",
                account.value(), call.value(), peer.uri(), PeerKey.of(peer), direction.name(), at.toEpochMilli());
    }

    /** A call was answered; only its first connection counts. @return whether the call was known */
    public synchronized boolean callConnected(AccountId account, CallId call, Instant at) {
        update("UPDATE call SET connected_at = ? WHERE account = ? AND call_id = ? AND connected_at IS NULL",
                at.toEpochMilli(), account.value(), call.value());
        return exists("SELECT 1 FROM call WHERE account = ? AND call_id = ?", account.value(), call.value());
    }

    /** A call ended. @return whether the call was known (an unknown call is ignored) */
    public synchronized boolean callEnded(AccountId account, CallId call, EndReason reason, String detail,
            Instant at) {
        CallDirection direction;
        boolean connected;
        try (PreparedStatement select = prepare("SELECT direction, connected_at FROM call WHERE account = ? AND call_id = ?",
                account.value(), call.value()); ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            direction = CallDirection.valueOf(row.getString(1));
            row.getLong(2);
            connected = !row.wasNull();
        } catch (SQLException e) {
            throw failure("read a call", e);
        }
        update("UPDATE call SET ended_at = ?, outcome = ?, end_reason = ?, detail = ? WHERE account = ? AND call_id = ?",
                at.toEpochMilli(), outcome(direction, connected, reason).name(), reason.name(), detail,
                account.value(), call.value());
        return true;
    }

    /** How a call that ended for {@code reason} is remembered. */
    static CallOutcome outcome(CallDirection direction, boolean connected, EndReason reason) {
        if (connected) {
            return CallOutcome.ANSWERED;
        }
        if (direction == CallDirection.INCOMING) {
            return switch (reason) {
                case REMOTE_HANGUP, NO_ANSWER -> CallOutcome.MISSED;
                case LOCAL_HANGUP, REJECTED -> CallOutcome.REJECTED;
                case TRANSFERRED, FAILED -> CallOutcome.FAILED;
            };
        }
        return reason == EndReason.REJECTED ? CallOutcome.REJECTED : CallOutcome.FAILED;
    }

    /** Calls that never ended (the process died during them) end where they were last seen. */
    private void closeInterruptedCalls() {
        update("UPDATE call SET ended_at = COALESCE(connected_at, started_at),"
                + " outcome = CASE WHEN connected_at IS NULL THEN 'FAILED' ELSE 'ANSWERED' END,"
                + " end_reason = 'FAILED', detail = 'interrupted' WHERE outcome IS NULL");
    }

    /**
     * Messages still sending when the store closed never had their answer recorded here; the
     * messaging provider reports them failed at its next start, perhaps before this store listens.
     */
    private void failInterruptedMessages() {
        update("UPDATE message SET delivery = 'failed', failure = ? WHERE outgoing = 1 AND delivery = 'sending'",
                INTERRUPTED);
    }

    // ---------------------------------------------------------------- messages

    /** The user sent a message (state sending); sending it again resets its state to sending. */
    public synchronized void messageSent(AccountId account, MessageId message, Address peer, String text, Instant at) {
        update("INSERT INTO message (account, message_id, peer, peer_key, outgoing, body, at, delivery)"
                + " VALUES (?, ?, ?, ?, 1, ?, ?, 'sending')"
                + " ON CONFLICT (account, message_id) DO UPDATE SET delivery = 'sending', failure = NULL"
                + " WHERE outgoing = 1",
                account.value(), message.value(), peer.uri(), PeerKey.of(peer), text, at.toEpochMilli());
    }

    /** A message arrived; the same message arriving twice is stored once. */
    public synchronized void messageReceived(AccountId account, MessageId message, Address peer, String text,
            Instant at) {
        update("INSERT INTO message (account, message_id, peer, peer_key, outgoing, body, at, delivery)"
                + " VALUES (?, ?, ?, ?, 0, ?, ?, 'delivered') ON CONFLICT (account, message_id) DO NOTHING",
                account.value(), message.value(), peer.uri(), PeerKey.of(peer), text, at.toEpochMilli());
    }

    /** A sent message reached a new state. @return whether it was a known sent message (others are ignored) */
    public synchronized boolean deliveryChanged(AccountId account, MessageId message, DeliveryState state) {
        String name = switch (state) {
            case DeliveryState.Sending sending -> SENDING;
            case DeliveryState.Delivered delivered -> DELIVERED;
            case DeliveryState.Failed failed -> FAILED;
        };
        String reason = state instanceof DeliveryState.Failed failed ? failed.reason() : null;
        return update("UPDATE message SET delivery = ?, failure = ? WHERE account = ? AND message_id = ? AND outgoing = 1",
                name, reason, account.value(), message.value()) > 0;
    }

    // ---------------------------------------------------------------- queries

    /** The conversation's newest {@code limit} calls and messages, oldest first. */
    public synchronized List<HistoryEntry> conversation(AccountId account, Address peer, int limit) {
        int bounded = bound(limit);
        List<HistoryEntry> entries = new ArrayList<>();
        String key = PeerKey.of(peer);
        entries.addAll(messages("SELECT " + MESSAGE_COLUMNS + " FROM message m WHERE m.account = ? AND m.peer_key = ?"
                + " ORDER BY m.at DESC, m.id DESC LIMIT ?", account.value(), key, bounded));
        entries.addAll(calls("SELECT " + CALL_COLUMNS + " FROM call WHERE account = ? AND peer_key = ?"
                + " AND outcome IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?", account.value(), key, bounded));
        entries.sort(Comparator.comparing(HistoryEntry::at).reversed());
        List<HistoryEntry> newest = new ArrayList<>(entries.subList(0, Math.min(bounded, entries.size())));
        Collections.reverse(newest);
        return newest;
    }

    /**
     * Messages matching an FTS5 query, newest first.
     *
     * @throws IllegalArgumentException if the query is not valid FTS5 syntax
     */
    public synchronized List<HistoryEntry> search(String query, int limit) {
        if (query.isBlank()) {
            return List.of();
        }
        try {
            return List.copyOf(messages(SEARCH, query, bound(limit)));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && sql.getErrorCode() == SQLITE_ERROR) {
                throw new IllegalArgumentException("Not a valid search: " + query + " (" + sql.getMessage()
                        + "); put words in double quotes to search for them as they are", sql);
            }
            throw e;
        }
    }

    /** Forgets every call and message of a conversation (their text leaves the search index too). */
    public synchronized int deleteConversation(AccountId account, Address peer) {
        boolean autoCommit = true;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            String key = PeerKey.of(peer);
            int deleted = update("DELETE FROM message WHERE account = ? AND peer_key = ?", account.value(), key)
                    + update("DELETE FROM call WHERE account = ? AND peer_key = ?", account.value(), key);
            connection.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof SQLException sql ? failure("delete a conversation", sql) : (RuntimeException) e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                // the connection is broken; the next statement says so
            }
        }
    }

    /** The conversations with at least one call or message, most recently active first. */
    public synchronized List<Conversation> conversations(int limit) {
        List<Conversation> conversations = new ArrayList<>();
        try (PreparedStatement statement = prepare("SELECT account, peer, MAX(at) AS last FROM ("
                + " SELECT account, peer_key, peer, at FROM message"
                + " UNION ALL SELECT account, peer_key, peer, started_at FROM call WHERE outcome IS NOT NULL)"
                + " GROUP BY account, peer_key ORDER BY last DESC LIMIT ?", bound(limit));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                conversations.add(new Conversation(new AccountId(rows.getString(1)), new Address(rows.getString(2))));
            }
        } catch (SQLException e) {
            throw failure("list the conversations", e);
        }
        return conversations;
    }

    // ---------------------------------------------------------------- export

    private static final String EXPORT = """
            SELECT account, peer_key, peer, at, kind, outgoing, body, delivery, failure, direction, connected_at,
                   ended_at, outcome FROM (
                SELECT account, peer_key, peer, at, 1 AS kind, outgoing, body, delivery, failure,
                       NULL AS direction, NULL AS connected_at, NULL AS ended_at, NULL AS outcome, id
                  FROM message WHERE (?1 IS NULL OR (account = ?1 AND peer_key = ?2))
                UNION ALL
                SELECT account, peer_key, peer, started_at, 0, NULL, NULL, NULL, NULL,
                       direction, connected_at, ended_at, outcome, id
                  FROM call WHERE outcome IS NOT NULL AND (?1 IS NULL OR (account = ?1 AND peer_key = ?2)))
            ORDER BY account, peer_key, at, kind, id""";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /**
     * Writes one conversation ({@code conversation} not null) or all of them as Markdown to
     * {@code target}, streaming the rows (no limit). It reads through a connection of its own
     * (the write-ahead log lets it read while events are recorded), so a long export does not hold
     * up the threads that record calls and messages. The file is written beside the target and
     * moved over it when complete.
     *
     * @return the number of calls and messages written
     */
    public int export(Conversation conversation, Path target, ZoneId zone) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + absolute.getFileName(), ".part");
        int count = 0;
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setBusyTimeout(5_000);
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                Connection reader = readOnly.createConnection("jdbc:sqlite:" + file);
                PreparedStatement statement = reader.prepareStatement(EXPORT)) {
            statement.setString(1, conversation == null ? null : conversation.account().value());
            statement.setString(2, conversation == null ? null : PeerKey.of(conversation.peer()));
            out.write("# Parley history\n\n");
            out.write("Exported " + TIME.format(ZonedDateTime.now(zone)) + "; times are " + zone.getId() + ".\n");
            String section = null;
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String current = row.getString(1) + "\0" + row.getString(2);
                    if (!current.equals(section)) {
                        section = current;
                        out.write("\n## " + row.getString(3) + " (account " + row.getString(1) + ")\n\n");
                    }
                    out.write("- " + TIME.format(Instant.ofEpochMilli(row.getLong(4)).atZone(zone)) + " ");
                    out.write(row.getInt(5) == 1 ? messageLine(row) : callLine(row));
                    out.write('\n');
                    count++;
                }
            }
            if (count == 0) {
                out.write("\nNo calls or messages.\n");
            }
        } catch (SQLException e) {
            Files.deleteIfExists(partial);
            throw new IOException("Could not read the history from " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return count;
    }

    private static String messageLine(ResultSet row) throws SQLException {
        boolean outgoing = row.getInt(6) == 1;
        String text = String.valueOf(row.getString(7)).replace("\r\n", "\n").replace("\n", "\n  ");
        String line = (outgoing ? "sent: " : "received: ") + text;
        if (outgoing) {
            String delivery = row.getString(8);
            line += FAILED.equals(delivery) ? " _(failed: " + row.getString(9) + ")_"
                    : SENDING.equals(delivery) ? " _(not confirmed)_" : "";
        }
        return line;
    }

    private static String callLine(ResultSet row) throws SQLException {
        String direction = String.valueOf(row.getString(10)).toLowerCase(Locale.ROOT);
        String outcome = String.valueOf(row.getString(13)).toLowerCase(Locale.ROOT);
        String line = direction + " call, " + outcome;
        long connected = row.getLong(11);
        if (!row.wasNull()) {
            Duration duration = Duration.ofMillis(Math.max(0, row.getLong(12) - connected));
            line += String.format(Locale.ROOT, ", %d:%02d:%02d", duration.toHours(), duration.toMinutesPart(),
                    duration.toSecondsPart());
        }
        return line;
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private List<MessageRecord> messages(String sql, Object... parameters) {
        List<MessageRecord> messages = new ArrayList<>();
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String delivery = row.getString(7);
                DeliveryState state = switch (delivery) {
                    case SENDING -> new DeliveryState.Sending();
                    case FAILED -> new DeliveryState.Failed(Objects.requireNonNullElse(row.getString(8), ""));
                    default -> new DeliveryState.Delivered();
                };
                messages.add(new MessageRecord(new AccountId(row.getString(1)), new Address(row.getString(2)),
                        new MessageId(row.getString(3)), row.getInt(4) == 1, row.getString(5),
                        Instant.ofEpochMilli(row.getLong(6)), state));
            }
        } catch (SQLException e) {
            throw failure("read messages", e);
        }
        return messages;
    }

    private List<CallRecord> calls(String sql, Object... parameters) {
        List<CallRecord> calls = new ArrayList<>();
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                long connected = row.getLong(5);
                Duration duration = row.wasNull() ? Duration.ZERO
                        : Duration.ofMillis(Math.max(0, row.getLong(6) - connected));
                calls.add(new CallRecord(new AccountId(row.getString(1)), new Address(row.getString(2)),
                        CallDirection.valueOf(row.getString(3)), Instant.ofEpochMilli(row.getLong(4)), duration,
                        CallOutcome.valueOf(row.getString(7))));
            }
        } catch (SQLException e) {
            throw failure("read calls", e);
        }
        return calls;
    }

    private int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private boolean exists(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet row = statement.executeQuery()) {
            return row.next();
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Could not " + what + " in the history database " + file + ": "
                + e.getMessage(), e);
    }

    private static int bound(int limit) {
        return Math.max(1, Math.min(MAX_RESULTS, limit));
    }

    private static void checkHeader(Path file) throws HistoryStoreException {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length == 0) {
                return; // an empty file is an empty database
            }
            if (!Arrays.equals(header, SQLITE_HEADER)) {
                throw new HistoryStoreException("The history database " + file
                        + " is not an SQLite database; it was left as it is (move it away to start a new history)");
            }
        } catch (HistoryStoreException e) {
            throw e;
        } catch (IOException e) {
            throw new HistoryStoreException("The history database " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkIntegrity(Connection connection, Path file) throws SQLException, HistoryStoreException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA quick_check(5)")) {
            List<String> problems = new ArrayList<>();
            while (result.next()) {
                problems.add(result.getString(1));
            }
            if (!problems.equals(List.of("ok"))) {
                throw new HistoryStoreException("The history database " + file + " is damaged ("
                        + String.join("; ", problems) + "); it was left as it is");
            }
        }
    }

    /** A database at {@code version} must hold exactly the tables that version made, and no others. */
    private static void checkTables(Connection connection, Path file, int version)
            throws SQLException, HistoryStoreException {
        Set<String> tables = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                + " AND name NOT LIKE 'message_text_%'")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        if (!tables.equals(Schema.tables(version))) {
            throw new HistoryStoreException("The history database " + file + " is not one Parley made (schema version "
                    + version + " with tables " + tables + "); it was left as it is");
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing more to do
            }
        }
    }
}
