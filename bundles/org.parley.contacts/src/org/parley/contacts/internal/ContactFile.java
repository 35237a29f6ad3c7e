package org.parley.contacts.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.parley.core.Address;
import org.parley.core.contacts.Contact;
import org.parley.core.files.AtomicFiles;

/**
 * One account's contact list on disk: a UTF-8 text file, a header line and then one contact per
 * line (address, name and comma-separated groups, each URL-encoded, separated by tabs). Written
 * whole to a temporary file, forced to disk and moved over the old one, so a crash leaves either
 * the old list or the new one.
 */
public final class ContactFile {

    static final String HEADER = "# parley contacts 1";

    private ContactFile() {
    }

    /**
     * The contacts in {@code file}; none if it does not exist.
     *
     * @throws IOException if it cannot be read or a line is not a contact (the message names the line)
     */
    public static List<Contact> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a Parley contact list (first line is not '" + HEADER + "')");
        }
        List<Contact> contacts = new ArrayList<>();
        for (int number = 2; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected 3 tab-separated fields, found " + fields.length);
                }
                TreeSet<String> groups = new TreeSet<>();
                if (!fields[2].isEmpty()) {
                    Arrays.stream(fields[2].split(",")).map(ContactFile::decode).forEach(groups::add);
                }
                contacts.add(new Contact(new Address(decode(fields[0])), decode(fields[1]), groups));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + number + " is not a contact: " + e.getMessage(), e);
            }
        }
        return contacts;
    }

    /** Replaces {@code file} with {@code contacts}, atomically. */
    public static void write(Path file, List<Contact> contacts) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Contact contact : contacts) {
            text.append(encode(contact.address().uri())).append('\t').append(encode(contact.displayName())).append('\t')
                    .append(String.join(",", contact.groups().stream().map(ContactFile::encode).toList())).append('\n');
        }
        AtomicFiles.replace(file, text.toString());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
