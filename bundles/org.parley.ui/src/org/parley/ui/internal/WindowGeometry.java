package org.parley.ui.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the main window was and how large, kept in {@code window.properties} in the user's data
 * directory so that the next start opens it there. Pure values: {@link WindowPlacement} reads
 * them from the shell and applies them.
 *
 * @param x         left edge, in the display's coordinates
 * @param y         top edge
 * @param width     width of the window when it is not maximised
 * @param height    height of the window when it is not maximised
 * @param maximized whether the window was maximised
 */
public record WindowGeometry(int x, int y, int width, int height, boolean maximized) {

    /** Smaller than this, the window's rows and tabs do not fit: such a size is not restored. */
    static final int MIN_WIDTH = 400;
    static final int MIN_HEIGHT = 300;
    /** At least this much of the window's title must be on a screen for it to be put back there. */
    static final int VISIBLE_TITLE = 100;

    /** A rectangle of a screen, in the display's coordinates (SWT-free, for the tests). */
    public record Area(int x, int y, int width, int height) {
    }

    /**
     * The geometry to open with, if it fits the screens there are now: big enough and with enough
     * of its title bar on one of {@code screens} to be grabbed. A geometry larger than the screen it
     * is on is shrunk to that screen.
     */
    public Optional<WindowGeometry> fittedTo(List<Area> screens) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            return Optional.empty();
        }
        for (Area screen : screens) {
            int titleLeft = Math.max(x, screen.x());
            int titleRight = Math.min(x + width, screen.x() + screen.width());
            boolean titleOnScreen = y >= screen.y() && y < screen.y() + screen.height() - 20
                    && titleRight - titleLeft >= Math.min(VISIBLE_TITLE, width);
            if (titleOnScreen) {
                return Optional.of(new WindowGeometry(x, y, Math.min(width, screen.width()),
                        Math.min(height, screen.height()), maximized));
            }
        }
        return Optional.empty();
    }

    /** The geometry stored in {@code file}; empty if there is none or it cannot be read. */
    public static Optional<WindowGeometry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            return Optional.of(new WindowGeometry(number(properties, "x"), number(properties, "y"),
                    number(properties, "width"), number(properties, "height"),
                    Boolean.parseBoolean(properties.getProperty("maximized"))));
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** Stores the geometry in {@code file}, replacing it whole (a crash never leaves half a file). */
    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("x", Integer.toString(x));
        properties.setProperty("y", Integer.toString(y));
        properties.setProperty("width", Integer.toString(width));
        properties.setProperty("height", Integer.toString(height));
        properties.setProperty("maximized", Boolean.toString(maximized));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "Parley's main window, written when it moves or is resized");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int number(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return Integer.parseInt(value.strip());
    }
}
