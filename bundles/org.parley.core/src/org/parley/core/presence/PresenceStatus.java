package org.parley.core.presence;

import java.util.Objects;
import java.util.Optional;

/**
 * A person's presence: how available they are and, optionally, a note in their own words.
 *
 * @param availability how reachable they are
 * @param note         a free text such as "back at 3", if they set one
 */
public record PresenceStatus(Availability availability, Optional<String> note) {

    public PresenceStatus {
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(note, "note");
        note = note.map(String::strip).filter(text -> !text.isEmpty());
    }

    /** A status without a note. */
    public static PresenceStatus of(Availability availability) {
        return new PresenceStatus(availability, Optional.empty());
    }
}
