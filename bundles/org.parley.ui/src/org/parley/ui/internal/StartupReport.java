package org.parley.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * For the start-up benchmark ({@code bench/ui.sh}): with the system property
 * {@value #PROPERTY} naming a file, the window appends a line when it is first shown
 * ({@code window <ms>}), when it first lists an account ({@code accounts <ms>}) and when every
 * contact's presence is first known ({@code presence <ms> <contacts>}), each with the milliseconds
 * since the process started, plus a few steps on the way. Without the property it does nothing.
 */
final class StartupReport {

    static final String PROPERTY = "parley.ui.startupReport";
    private static boolean windowShown;
    private static boolean presenceShown;
    /** Contacts whose presence was complete before the window showed (0: not yet). */
    private static int presenceBeforeWindow;
    private static boolean accountsShown;

    private StartupReport() {
    }

    static void windowShown() {
        if (!windowShown) {
            windowShown = true;
            write("window");
            if (presenceBeforeWindow > 0) {
                presenceShown(presenceBeforeWindow);
            }
        }
    }

    /** The account list first shows an account (the capability bundles have started). */
    static void accountsShown() {
        if (!accountsShown) {
            accountsShown = true;
            write("accounts");
        }
    }

    /** A step on the way, for finding where start-up time goes. */
    static void step(String name) {
        write(name);
    }

    /** Every one of {@code contacts} contacts has a known status in the contact list (reported once the window shows). */
    static void presenceShown(int contacts) {
        if (!windowShown) {
            presenceBeforeWindow = contacts;
            return;
        }
        if (!presenceShown && contacts > 0) {
            presenceShown = true;
            write("presence " + contacts);
        }
    }

    private static void write(String what) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        long ms = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        try {
            Files.writeString(Path.of(file), what.split(" ")[0] + " " + ms + (what.contains(" ") ? " " + what.split(" ")[1] : "")
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.getLogger(StartupReport.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write the start-up report " + file + ": " + e.getMessage());
        }
    }
}
