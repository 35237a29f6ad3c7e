package org.parley.history.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.messaging.MessageId;
import org.parley.history.internal.HistoryStore;
import org.sqlite.SQLiteConfig;

/**
 * Killing the process with SIGKILL in the middle of a chat loses no message that was shown as
 * sent or received: a separate JVM ({@link CrashWriter}) records messages in a loop and prints a
 * line after each one; the test kills it by PID after some lines and then finds every printed
 * message, with its printed state, in the database.
 */
class CrashSafetyTest {

    /** Lines to read before the kill: messages keep being written while it happens. */
    private static final int LINES_BEFORE_KILL = 300;

    @TempDir
    Path directory;

    @Test
    void sigkillInTheMiddleOfAChatLosesNoShownMessage() throws Exception {
        Path database = directory.resolve("history.db");
        String classPath = classPath();
        Process writer = new ProcessBuilder(javaCommand(), "-cp", classPath, "-Xshare:auto",
                CrashWriter.class.getName(), database.toString(), "1000000")
                .redirectError(directory.resolve("writer-stderr.txt").toFile())
                .start();
        Map<String, String> shown = new HashMap<>();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                String[] words = line.split(" ");
                if (words.length == 2) {
                    shown.put(words[1], words[0]);
                }
                if (lines.size() == LINES_BEFORE_KILL) {
                    // SIGKILL by PID: no shutdown hook, no finally, no close runs in the writer.
                    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(writer.pid())).start();
                    assertEquals(0, kill.waitFor(), "kill -KILL " + writer.pid());
                }
            }
        } finally {
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer is gone");
        }
        if (lines.size() < LINES_BEFORE_KILL) {
            fail("the writer ended before it was killed (exit " + writer.exitValue() + ") after " + lines + ": "
                    + Files.readString(directory.resolve("writer-stderr.txt")) + " (class path " + classPath + ")");
        }
        assertEquals(137, writer.exitValue(), "the writer died of SIGKILL");
        assertTrue(Files.exists(directory.resolve("history.db-wal")),
                "the killed writer left its write-ahead log behind (it never closed the database)");

        try (HistoryStore store = HistoryStore.open(database)) {
            assertTrue(store.search("✓", 1).size() == 1, "the history opens after the crash and finds messages");
        }
        Map<String, String[]> stored = new HashMap<>();
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + database);
                PreparedStatement query = connection.prepareStatement("SELECT message_id, body, delivery FROM message");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                stored.put(rows.getString(1), new String[] { rows.getString(2), rows.getString(3) });
            }
        }
        for (Map.Entry<String, String> printed : shown.entrySet()) {
            String[] message = stored.get(printed.getKey());
            if (message == null) {
                fail("message " + printed.getKey() + " was shown as " + printed.getValue()
                        + " but is not in the database; stored: " + stored.size() + ", shown: " + shown.size());
            }
            assertEquals(CrashWriter.text(new MessageId(printed.getKey())), message[0]);
            if (printed.getValue().equals("delivered")) {
                assertEquals("delivered", message[1], printed.getKey());
            }
        }
        assertTrue(shown.size() > 100, "enough messages were shown before the kill: " + shown.size());
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The jars (or class folders) of the bundles the writer needs, as the test runtime has them. */
    private static String classPath() {
        BundleContext context = FrameworkUtil.getBundle(CrashSafetyTest.class).getBundleContext();
        List<String> entries = new ArrayList<>();
        for (String name : List.of("org.parley.core", "org.parley.history", "org.xerial.sqlite-jdbc",
                "org.parley.history.tests")) {
            Bundle bundle = null;
            for (Bundle candidate : context.getBundles()) {
                if (candidate.getSymbolicName().equals(name)) {
                    bundle = candidate;
                }
            }
            if (bundle == null) {
                fail(name + " is not in the test runtime");
            }
            // e.g. initial@reference:file:../../bundles/x/target/x.jar, relative to the install area
            Path path = Path.of(bundle.getLocation().replaceFirst("^initial@", "").replaceFirst("^reference:", "")
                    .replaceFirst("^file:", ""));
            if (!path.isAbsolute()) {
                path = Path.of(URI.create(context.getProperty("osgi.install.area"))).resolve(path).normalize();
            }
            if (Files.isDirectory(path)) {
                // a bundle from the workspace: its classes are where the build put them
                for (String classes : List.of("target/classes", "target/test-classes", "bin")) {
                    if (Files.isDirectory(path.resolve(classes))) {
                        entries.add(path.resolve(classes).toString());
                    }
                }
            } else {
                entries.add(path.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
