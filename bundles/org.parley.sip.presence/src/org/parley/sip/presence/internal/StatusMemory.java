package org.parley.sip.presence.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.parley.core.account.AccountId;
import org.parley.core.files.AtomicFiles;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/**
 * The status each account's user chose last, kept in a small file per account so that the next
 * start shows it again (a user who chose to appear offline stays so). A file that cannot be read
 * is ignored; one that cannot be written is logged: neither stops presence.
 */
final class StatusMemory {

    private static final Logger LOG = Logger.getLogger(StatusMemory.class.getName());
    private static final int LONGEST_NOTE = 1024;

    private final Path directory;

    StatusMemory(Path directory) {
        this.directory = directory;
    }

    /** The status the user chose last on {@code account}, if they ever chose one. */
    Optional<PresenceStatus> recall(AccountId account) {
        Path file = file(account);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Availability availability = Availability.valueOf(lines.get(0).strip().toUpperCase(Locale.ROOT));
            if (availability == Availability.UNKNOWN || availability == Availability.ON_THE_PHONE) {
                return Optional.empty();
            }
            Optional<String> note = lines.size() > 1 ? Optional.of(lines.get(1)) : Optional.empty();
            return Optional.of(new PresenceStatus(availability, note));
        } catch (IOException | RuntimeException e) {
            LOG.warning("Ignored the remembered status of " + account.value() + " (" + file + "): " + e);
            return Optional.empty();
        }
    }

    /** Remembers the status the user chose on {@code account}. */
    void remember(AccountId account, PresenceStatus status) {
        String note = status.note().map(text -> text.replaceAll("\\R", " ")).map(StatusMemory::bounded).orElse("");
        String text = status.availability().name() + "\n" + note + "\n";
        Path file = file(account);
        try {
            AtomicFiles.replace(file, text);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot remember the status of " + account.value() + " in " + file, e);
        }
    }

    private Path file(AccountId account) {
        return directory.resolve(account.value().replaceAll("[^A-Za-z0-9._-]", "_") + ".status");
    }

    private static String bounded(String note) {
        return note.length() <= LONGEST_NOTE ? note : note.substring(0, LONGEST_NOTE);
    }
}
