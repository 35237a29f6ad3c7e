package org.parley.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;
import org.parley.core.Address;

/**
 * Opens {@code sip:}, {@code sips:} and {@code tel:} links in the running window. The launcher
 * passes a link to a new window as the system property {@value #PROPERTY}; while a window runs
 * (it keeps its process id in {@code ui.pid} in the user's data directory) the launcher drops the
 * link as a file into {@code open/} there instead, which this class watches. Each link goes to
 * the dial field, ready to call.
 */
final class LinkOpener {

    static final String PROPERTY = "parley.ui.open";
    private static final System.Logger LOG = System.getLogger(LinkOpener.class.getName());

    private final Path pidFile;
    private final Path inbox;
    private final WatchService watcher;

    private LinkOpener(Path data) throws IOException {
        pidFile = data.resolve("ui.pid");
        inbox = data.resolve("open");
        Files.createDirectories(inbox);
        watcher = inbox.getFileSystem().newWatchService();
        inbox.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()) + "\n", StandardCharsets.UTF_8);
    }

    /** Starts taking links for {@code open}, which is called on the UI thread. */
    static AutoCloseable start(Display display, Path data, Consumer<Address> open) {
        String given = System.getProperty(PROPERTY, "");
        if (!given.isBlank()) {
            display.asyncExec(() -> parse(given.strip()).ifPresent(open));
        }
        LinkOpener opener;
        try {
            opener = new LinkOpener(data);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "links cannot be passed to this window: " + e.getMessage());
            return () -> {
            };
        }
        Thread thread = Thread.ofPlatform().daemon().name("parley-ui-links").start(() -> opener.watch(display, open));
        opener.takeWaiting(display, open);
        return () -> {
            opener.watcher.close();
            thread.interrupt();
            Files.deleteIfExists(opener.pidFile);
        };
    }

    private void watch(Display display, Consumer<Address> open) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                takeWaiting(display, open);
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the window closed
        }
    }

    /** Reads and removes every link file in the inbox. */
    private synchronized void takeWaiting(Display display, Consumer<Address> open) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox, "*.uri")) {
            for (Path file : files) {
                String link = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (link.isEmpty()) {
                    continue; // still being written: its modification brings it back
                }
                Files.deleteIfExists(file);
                parse(link).ifPresent(address -> {
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> open.accept(address));
                    }
                });
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the links passed to the window: " + e.getMessage());
        }
    }

    /** A link Parley can dial, or nothing (other schemes and malformed links are ignored and logged). */
    static java.util.Optional<Address> parse(String link) {
        try {
            Address address = new Address(link);
            if (address.scheme().equals("sip") || address.scheme().equals("sips") || address.scheme().equals("tel")) {
                return java.util.Optional.of(address);
            }
        } catch (IllegalArgumentException e) {
            // logged below
        }
        LOG.log(System.Logger.Level.WARNING, "not a sip:, sips: or tel: link, ignored: " + link);
        return java.util.Optional.empty();
    }
}
