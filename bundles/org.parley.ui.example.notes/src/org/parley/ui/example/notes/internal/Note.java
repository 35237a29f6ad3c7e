package org.parley.ui.example.notes.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * A note about one contact, as kept by the {@link NotesStore}. A plain immutable record: what a
 * plugin hands between its background threads and the UI thread should be.
 *
 * @param key         whose note it is
 * @param contactName the contact's name when the note was last saved (empty if unknown)
 * @param text        the note, never blank
 * @param changed     when it was last saved
 */
public record Note(NoteKey key, String contactName, String text, Instant changed) {

    public Note {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contactName, "contactName");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(changed, "changed");
        if (text.isBlank()) {
            throw new IllegalArgumentException("A note must not be blank");
        }
    }

    /** The contact's name, or their address when the name is not known. */
    public String shownName() {
        return contactName.isEmpty() ? key.contact().uri() : contactName;
    }

    /** The note's first line, for a one-line summary. */
    public String firstLine() {
        return text.lines().findFirst().orElse("");
    }
}
