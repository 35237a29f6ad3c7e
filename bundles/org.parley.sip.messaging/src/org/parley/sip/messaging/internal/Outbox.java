package org.parley.sip.messaging.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parley.core.Address;
import org.parley.core.files.AtomicFiles;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;

/**
 * The messages of one account that are not delivered yet (sending or failed), kept in a small
 * file: every change rewrites it to a temporary file that is forced to disk and then moved over
 * the old one atomically, so a crash leaves either the old or the new outbox, never half of one.
 * A message is in the file before it is sent, and leaves it once delivered. Once {@link #close()}d
 * (the messaging bundle stopped), changes are ignored: the file then belongs to the next start,
 * which reads it afresh, and an answer that comes late must not write an old view over it.
 * Thread-safe.
 *
 * <p>
 * Format: a first line {@code parley-outbox 1}, then one line per message with tab-separated
 * fields: id, peer, time (epoch milliseconds), {@code sending} or {@code failed}, the reason
 * (Base64 of UTF-8) and the text (Base64 of UTF-8).
 */
public final class Outbox {

    private static final String HEADER = "parley-outbox 1";

    /** A message that is not delivered. */
    public record Entry(MessageId id, Address peer, String text, Instant at, DeliveryState state) {
    }

    private final Path file;
    private final Map<MessageId, Entry> entries = new LinkedHashMap<>();
    private boolean closed;

    private Outbox(Path file) {
        this.file = file;
    }

    /** Reads the outbox in {@code file} (empty if there is none yet). Lines it cannot read are skipped. */
    public static Outbox open(Path file) throws IOException {
        Outbox outbox = new Outbox(file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException("not a Parley outbox: " + file);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split("\t", -1);
                if (fields.length != 6) {
                    continue;
                }
                try {
                    MessageId id = new MessageId(fields[0]);
                    DeliveryState state = fields[3].equals("failed") ? new DeliveryState.Failed(decode(fields[4]))
                            : new DeliveryState.Sending();
                    outbox.entries.put(id, new Entry(id, new Address(fields[1]), decode(fields[5]),
                            Instant.ofEpochMilli(Long.parseLong(fields[2])), state));
                } catch (IllegalArgumentException damaged) {
                    // a line that cannot be read is skipped, the others are kept
                }
            }
        }
        return outbox;
    }

    /** Where the outbox is kept. */
    public Path file() {
        return file;
    }

    /** All undelivered messages, oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized Optional<Entry> get(MessageId id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Whether {@link #close()} was called: changes are ignored from then on. */
    public synchronized boolean closed() {
        return closed;
    }

    /** Ignores every later change; the file stays as it was last written. */
    public synchronized void close() {
        closed = true;
    }

    /** Adds or replaces a message and writes the outbox before returning (nothing, once closed). */
    public synchronized void put(Entry entry) {
        if (closed) {
            return;
        }
        Entry previous = entries.put(entry.id(), entry);
        try {
            write();
        } catch (IOException e) {
            if (previous == null) {
                entries.remove(entry.id());
            } else {
                entries.put(previous.id(), previous);
            }
            throw new UncheckedIOException("cannot store the message in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a delivered message (nothing, once closed); a failure to write is reported but the message is delivered anyway. */
    public synchronized void remove(MessageId id) throws IOException {
        if (!closed && entries.remove(id) != null) {
            write();
        }
    }

    private void write() throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Entry entry : entries.values()) {
            boolean failed = entry.state() instanceof DeliveryState.Failed;
            String reason = entry.state() instanceof DeliveryState.Failed f ? f.reason() : "";
            out.append(entry.id().value()).append('\t').append(entry.peer().uri()).append('\t')
                    .append(entry.at().toEpochMilli()).append('\t').append(failed ? "failed" : "sending").append('\t')
                    .append(encode(reason)).append('\t').append(encode(entry.text())).append('\n');
        }
        AtomicFiles.replace(file, out.toString());
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String field) {
        return new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
    }
}
