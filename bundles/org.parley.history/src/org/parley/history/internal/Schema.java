package org.parley.history.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The history database's schema, as an ordered list of migrations. The database's
 * {@code PRAGMA user_version} is the number of migrations applied; opening a database applies the
 * missing ones in one transaction, so a database is always at one of the versions below, never
 * between two. Released migrations are never changed: a new schema is a new migration at the end.
 */
public final class Schema {

    /**
     * One step from version {@code version - 1} to {@code version}.
     *
     * @param tables     the tables it creates
     * @param statements constant SQL, run in order
     */
    record Migration(int version, String description, List<String> tables, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "calls and messages", List.of("call", "message"), List.of("""
                    CREATE TABLE call (
                        id           INTEGER PRIMARY KEY,
                        account      TEXT    NOT NULL,
                        call_id      TEXT    NOT NULL,
                        peer         TEXT    NOT NULL,
                        peer_key     TEXT    NOT NULL,
                        direction    TEXT    NOT NULL,
                        started_at   INTEGER NOT NULL,
                        connected_at INTEGER,
                        ended_at     INTEGER,
                        outcome      TEXT,
                        end_reason   TEXT,
                        detail       TEXT,
                        UNIQUE (account, call_id)
                    )""",
                    "CREATE INDEX call_conversation ON call (account, peer_key, started_at)",
                    """
                    CREATE TABLE message (
                        id         INTEGER PRIMARY KEY,
                        account    TEXT    NOT NULL,
                        message_id TEXT    NOT NULL,
                        peer       TEXT    NOT NULL,
                        peer_key   TEXT    NOT NULL,
                        outgoing   INTEGER NOT NULL,
                        body       TEXT    NOT NULL,
                        at         INTEGER NOT NULL,
                        delivery   TEXT    NOT NULL,
                        failure    TEXT,
                        UNIQUE (account, message_id)
                    )""",
                    "CREATE INDEX message_conversation ON message (account, peer_key, at)")),
            new Migration(2, "full-text search over message text (FTS5)", List.of("message_text"), List.of("""
                    CREATE VIRTUAL TABLE message_text USING fts5(
                        body, content = 'message', content_rowid = 'id',
                        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co So'")""",
                    """
                    CREATE TRIGGER message_text_insert AFTER INSERT ON message BEGIN
                        INSERT INTO message_text (rowid, body) VALUES (new.id, new.body);
                    END""",
                    """
                    CREATE TRIGGER message_text_delete AFTER DELETE ON message BEGIN
                        INSERT INTO message_text (message_text, rowid, body) VALUES ('delete', old.id, old.body);
                    END""",
                    """
                    CREATE TRIGGER message_text_update AFTER UPDATE OF body ON message BEGIN
                        INSERT INTO message_text (message_text, rowid, body) VALUES ('delete', old.id, old.body);
                        INSERT INTO message_text (rowid, body) VALUES (new.id, new.body);
                    END""",
                    "INSERT INTO message_text (message_text) VALUES ('rebuild')")),
            // A search sorts every match by time before the newest come out; reading each match's
            // time from this small index instead of its row (where it lies after the text) halves
            // a search over a million messages (bench/history.sh).
            new Migration(3, "search ordering index", List.of(), List.of(
                    "CREATE INDEX message_search ON message (id, at)")));

    /** The newest schema version this bundle knows. */
    public static final int LATEST = MIGRATIONS.size();

    /** The tables (and virtual tables, without their shadow tables) a database at {@code version} has. */
    static Set<String> tables(int version) {
        Set<String> tables = new HashSet<>();
        MIGRATIONS.subList(0, version).forEach(migration -> tables.addAll(migration.tables()));
        return tables;
    }

    private Schema() {
    }

    /** The database's schema version ({@code PRAGMA user_version}). */
    public static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA user_version")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    /**
     * Brings the database from its version up to {@code target} in one transaction: all missing
     * migrations are applied, or none.
     *
     * @throws SQLException if a migration fails (the database is then unchanged)
     */
    public static void migrate(Connection connection, int target) throws SQLException {
        if (target < 0 || target > LATEST) {
            throw new IllegalArgumentException("no schema version " + target + " (0.." + LATEST + ")");
        }
        int current = version(connection);
        if (current >= target) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (Migration migration : MIGRATIONS.subList(current, target)) {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
            }
            // PRAGMA takes no parameters; the value is one of our own integers.
            statement.execute("PRAGMA user_version = " + target);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
