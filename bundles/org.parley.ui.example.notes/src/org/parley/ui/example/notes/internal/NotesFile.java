package org.parley.ui.example.notes.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.files.AtomicFiles;

/**
 * The notes on disk: a UTF-8 {@link Properties} file with up to three entries per note,
 * {@code note.<account>/<address>} (the text), {@code name.<account>/<address>} (the contact's
 * name) and {@code changed.<account>/<address>} (an ISO-8601 instant). Account ids cannot contain
 * {@code /}, so the first one separates the account from the address; the {@code :} and {@code =}
 * of addresses such as {@code sip:bob@example.org;transport=tcp} and the line breaks of the notes
 * are escaped by {@link Properties} itself. Written whole through {@link AtomicFiles}, so a crash
 * leaves either the old notes or the new ones.
 *
 * <p>For plugin authors: keep your own data in a file of your own under
 * {@code UserDataDirectory.of(context)}, in a format a person can read, and replace it atomically.
 */
final class NotesFile {

    /** The file's content does not describe notes; the file is intact on disk. */
    static final class DamagedException extends IOException {

        private static final long serialVersionUID = 1L;

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String NOTE = "note";
    private static final String NAME = "name";
    private static final String CHANGED = "changed";
    private static final String COMMENT = "Parley call notes: note.<account>/<address>, name.<account>/<address>,"
            + " changed.<account>/<address>";

    private NotesFile() {
    }

    /**
     * The notes in {@code file}; none if it does not exist.
     *
     * @throws DamagedException if its content is not notes (the message says why)
     * @throws IOException      if it cannot be read
     */
    static Map<NoteKey, Note> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (CharacterCodingException e) {
            throw new DamagedException(file + " is not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new DamagedException(file + " is not a properties file: " + e.getMessage(), e);
        }
        Map<NoteKey, String> texts = new HashMap<>();
        Map<NoteKey, String> names = new HashMap<>();
        Map<NoteKey, Instant> changes = new HashMap<>();
        for (String entry : properties.stringPropertyNames()) {
            String value = properties.getProperty(entry);
            int dot = entry.indexOf('.');
            String kind = dot < 0 ? entry : entry.substring(0, dot);
            NoteKey key = dot < 0 ? null : key(file, entry, entry.substring(dot + 1));
            switch (kind) {
                case NOTE -> texts.put(key, value);
                case NAME -> names.put(key, value);
                case CHANGED -> changes.put(key, instant(file, entry, value));
                default -> throw new DamagedException(file + " has an entry that is not part of a note: '" + entry + "'", null);
            }
        }
        Set<NoteKey> keys = new HashSet<>(texts.keySet());
        keys.addAll(names.keySet());
        keys.addAll(changes.keySet());
        Map<NoteKey, Note> notes = new HashMap<>();
        for (NoteKey key : keys) {
            String text = texts.get(key);
            Instant changed = changes.get(key);
            if (text == null || text.isBlank() || changed == null) {
                throw new DamagedException(file + " has an incomplete note for " + id(key)
                        + " (it needs a non-empty " + NOTE + " and a " + CHANGED + " entry)", null);
            }
            notes.put(key, new Note(key, names.getOrDefault(key, ""), text, changed));
        }
        return notes;
    }

    /** Replaces {@code file} (and creates its directory) with {@code notes}, atomically. */
    static void write(Path file, Collection<Note> notes) throws IOException {
        Properties properties = new Properties();
        for (Note note : notes) {
            String id = id(note.key());
            properties.setProperty(NOTE + "." + id, note.text());
            if (!note.contactName().isEmpty()) {
                properties.setProperty(NAME + "." + id, note.contactName());
            }
            properties.setProperty(CHANGED + "." + id, note.changed().toString());
        }
        StringWriter text = new StringWriter();
        properties.store(text, COMMENT);
        AtomicFiles.replace(file, text.toString());
    }

    /** {@code <account>/<address>}, the part of an entry's name after its kind. */
    static String id(NoteKey key) {
        return key.account().value() + "/" + key.contact().uri();
    }

    private static NoteKey key(Path file, String entry, String id) throws DamagedException {
        int slash = id.indexOf('/');
        try {
            if (slash < 0) {
                throw new IllegalArgumentException("no '/' between account and address");
            }
            return new NoteKey(new AccountId(id.substring(0, slash)), new Address(id.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            throw new DamagedException(file + " has an entry that names no account and contact: '" + entry + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Instant instant(Path file, String entry, String value) throws DamagedException {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new DamagedException(file + " has an entry '" + entry + "' that is not a time: '" + value + "'", e);
        }
    }
}
