package org.parley.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * For the start-up benchmark ({@code bench/ui.sh}): with the system property
 * {@value #PROPERTY} naming a file, the window appends a line when it is first shown
 * ({@code window <ms>}), when it first lists an account ({@code accounts <ms>}) and when every
 * contact's presence is first known ({@code presence <ms> <contacts>}), each with the milliseconds
 * since the process started, plus a few steps on the way, and the plugins' contributions as they come
 * and go (for the product's checks). Without the property it does nothing.
 */
final class StartupReport {

    static final String PROPERTY = "parley.ui.startupReport";
    private static boolean windowShown;
    private static boolean presenceShown;
    /** Contacts whose presence was complete before the window showed (0: not yet). */
    private static int presenceBeforeWindow;
    private static boolean accountsShown;
    private static String lastContributions = "";

    private StartupReport() {
    }

    static void windowShown() {
        if (!windowShown) {
            windowShown = true;
            write("window", "");
            if (presenceBeforeWindow > 0) {
                presenceShown(presenceBeforeWindow);
            }
        }
    }

    /** The account list first shows an account (the capability bundles have started). */
    static void accountsShown() {
        if (!accountsShown) {
            accountsShown = true;
            write("accounts", "");
        }
    }

    /** A step on the way, for finding where start-up time goes. */
    static void step(String name) {
        write(name, "");
    }

    /** Every one of {@code contacts} contacts has a known status in the contact list (reported once the window shows). */
    static void presenceShown(int contacts) {
        if (!windowShown) {
            presenceBeforeWindow = contacts;
            return;
        }
        if (!presenceShown && contacts > 0) {
            presenceShown = true;
            write("presence", String.valueOf(contacts));
        }
    }

    /**
     * The views and contact-menu entries plugins contribute, whenever they change:
     * {@code contributions <ms> views=<title>,… contact-actions=<label>,…}.
     */
    static void contributions(List<String> views, List<String> contactActions) {
        String now = "views=" + String.join(",", views) + " contact-actions=" + String.join(",", contactActions);
        if (!now.equals(lastContributions)) {
            lastContributions = now;
            write("contributions", now);
        }
    }

    private static void write(String what, String detail) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        long ms = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        try {
            Files.writeString(Path.of(file), what + " " + ms + (detail.isEmpty() ? "" : " " + detail) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.getLogger(StartupReport.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write the start-up report " + file + ": " + e.getMessage());
        }
    }
}
