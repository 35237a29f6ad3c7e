package org.parley.ui.example.notes.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.core.UserDataDirectory;

/**
 * The call notes, one per contact of an account, kept in
 * {@code <user data>/notes/notes.properties} (a {@link NotesFile}) and held in memory, so that
 * reading them never waits for the disk and can be done on the UI thread. Saving writes the file
 * and may take a moment: call {@link #put} from a background thread.
 *
 * <p>A file that cannot be understood is never written over: it is moved aside (to
 * {@code notes.properties.damaged-<time>}), the notes start empty and {@link #problem()} says what
 * happened. A file that cannot even be read or moved aside keeps the store read-only.
 *
 * <p>For plugin authors: a plugin's own logic is an ordinary DS component too, here a service of
 * the plugin's private package that only the plugin's other components use. Its data lives under
 * {@link UserDataDirectory}, like the rest of the user's data.
 */
@Component(service = NotesStore.class)
public final class NotesStore {

    private static final Logger LOG = Logger.getLogger(NotesStore.class.getName());
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private record Opened(Map<NoteKey, Note> notes, Optional<String> problem, boolean writable) {
    }

    private final Path file;
    private final Map<NoteKey, Note> notes;
    private final Optional<String> problem;
    private final boolean writable;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public NotesStore(BundleContext context) {
        this(UserDataDirectory.of(context).resolve("notes").resolve("notes.properties"));
    }

    /** Notes kept in {@code file}. */
    NotesStore(Path file) {
        this.file = file;
        Opened opened = open(file);
        this.notes = new HashMap<>(opened.notes());
        this.problem = opened.problem();
        this.writable = opened.writable();
        if (problem.isPresent()) {
            LOG.warning(problem.get());
        }
    }

    /** The note about {@code key}'s contact, if there is one. */
    public synchronized Optional<Note> get(NoteKey key) {
        return Optional.ofNullable(notes.get(key));
    }

    /** All notes, the most recently changed first. */
    public synchronized List<Note> all() {
        return notes.values().stream().sorted(Comparator.comparing(Note::changed).reversed()).toList();
    }

    /** What went wrong with the file when the store started, for the user to see; empty if nothing did. */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * Saves {@code text} as the note about {@code key}'s contact, or removes the note if the text is
     * blank; stored on disk before this returns, then the listeners are told.
     *
     * @param contactName the contact's name to show with the note (empty if unknown)
     * @throws IOException if the notes cannot be written (nothing changed then)
     */
    public void put(NoteKey key, String contactName, String text) throws IOException {
        synchronized (this) {
            if (!writable) {
                throw new IOException(problem.orElse("The call notes cannot be saved"));
            }
            Map<NoteKey, Note> changed = new HashMap<>(notes);
            String note = text.strip();
            String name = contactName.strip();
            Note previous = notes.get(key);
            if (note.isEmpty()) {
                if (previous == null) {
                    return;
                }
                changed.remove(key);
            } else {
                if (previous != null && previous.text().equals(note) && previous.contactName().equals(name)) {
                    return;
                }
                changed.put(key, new Note(key, name, note, Instant.now()));
            }
            NotesFile.write(file, changed.values());
            notes.clear();
            notes.putAll(changed);
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A call notes listener failed", e);
            }
        }
    }

    /** Runs {@code listener} after every change, on the thread that made it, until it is removed. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        listeners.clear();
    }

    private static Opened open(Path file) {
        try {
            return new Opened(NotesFile.read(file), Optional.empty(), true);
        } catch (NotesFile.DamagedException damaged) {
            try {
                Path aside = setAside(file);
                return new Opened(Map.of(), Optional.of("The call notes could not be read (" + damaged.getMessage()
                        + "). The file was kept as " + aside + " and the notes start empty."), true);
            } catch (IOException e) {
                return new Opened(Map.of(), Optional.of("The call notes could not be read (" + damaged.getMessage()
                        + ") nor the file set aside (" + e + "). Notes are not saved until " + file
                        + " is repaired or removed."), false);
            }
        } catch (IOException e) {
            return new Opened(Map.of(), Optional.of("The call notes file " + file + " cannot be read (" + e
                    + "). Notes are not saved, so that it is not overwritten."), false);
        }
    }

    /** Moves {@code file} to a new {@code <name>.damaged-<UTC time>} beside it. */
    private static Path setAside(Path file) throws IOException {
        String base = file.getFileName() + ".damaged-" + ASIDE_STAMP.format(Instant.now());
        Path aside = file.resolveSibling(base);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(base + "-" + n);
        }
        return Files.move(file, aside);
    }
}
