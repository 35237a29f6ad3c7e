package org.parley.update.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bundles an installation starts with, as its {@code bundles.info} lists them (one line each:
 * {@code name,version,location,start level,started}); p2 writes the file at every change.
 */
record BundlesInfo(Set<Entry> entries) {

    /** One bundle of the list; its location is absolute. */
    record Entry(String symbolicName, String version, URI location, int startLevel, boolean markedStarted) {
        String key() {
            return symbolicName + "_" + version;
        }
    }

    static final String FILE = "org.eclipse.equinox.simpleconfigurator/bundles.info";

    BundlesInfo {
        entries = Set.copyOf(entries);
    }

    /** Reads the list of the configuration folder {@code configuration}; locations are relative to {@code installFolder}. */
    static BundlesInfo read(Path configuration, Path installFolder) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(configuration.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return new BundlesInfo(Set.of());
        }
        Set<Entry> entries = new LinkedHashSet<>();
        URI base = installFolder.toUri();
        for (String line : lines) {
            String[] fields = line.trim().split(",");
            if (line.isBlank() || line.startsWith("#") || fields.length < 5) {
                continue;
            }
            try {
                entries.add(new Entry(fields[0], fields[1], base.resolve(fields[2]), Integer.parseInt(fields[3]),
                        Boolean.parseBoolean(fields[4])));
            } catch (IllegalArgumentException unreadable) {
                throw new IOException("Unreadable line in " + configuration.resolve(FILE) + ": " + line, unreadable);
            }
        }
        return new BundlesInfo(entries);
    }

    /** The entries of this list whose bundle (name and version) {@code other} does not list. */
    List<Entry> without(BundlesInfo other) {
        Set<String> theirs = new LinkedHashSet<>();
        other.entries.forEach(entry -> theirs.add(entry.key()));
        List<Entry> only = new ArrayList<>();
        for (Entry entry : entries) {
            if (!theirs.contains(entry.key())) {
                only.add(entry);
            }
        }
        return only;
    }
}
