package org.parley.ui.internal;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;
import org.parley.core.presence.Availability;

/**
 * A coloured dot per availability (green available, red busy, amber away ...), drawn at the
 * display's scale so they stay sharp on HiDPI screens; disposed with the display.
 */
public final class PresenceIcons {

    private static final String KEY = PresenceIcons.class.getName();
    private final Map<Availability, Image> images = new EnumMap<>(Availability.class);

    private PresenceIcons(Display display) {
        for (Availability availability : Availability.values()) {
            images.put(availability, dot(display, colour(availability), availability == Availability.DO_NOT_DISTURB));
        }
        display.disposeExec(() -> images.values().forEach(Image::dispose));
    }

    /** The icons of {@code display}, made on first use. */
    public static PresenceIcons of(Display display) {
        PresenceIcons icons = (PresenceIcons) display.getData(KEY);
        if (icons == null) {
            icons = new PresenceIcons(display);
            display.setData(KEY, icons);
        }
        return icons;
    }

    public Image icon(Availability availability) {
        return images.get(availability);
    }

    private static RGB colour(Availability availability) {
        return switch (availability) {
            case AVAILABLE -> new RGB(46, 160, 67);
            case ON_THE_PHONE, BUSY, DO_NOT_DISTURB -> new RGB(207, 34, 46);
            case AWAY -> new RGB(230, 160, 0);
            case OFFLINE -> new RGB(140, 140, 140);
            case UNKNOWN -> new RGB(200, 200, 200);
        };
    }

    private static Image dot(Display display, RGB rgb, boolean bar) {
        return new Image(display, (org.eclipse.swt.graphics.ImageDataProvider) zoom -> {
            int size = 14 * zoom / 100;
            Image image = new Image(display, size, size);
            GC gc = new GC(image);
            Color fill = new Color(display, rgb);
            try {
                gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
                gc.fillRectangle(0, 0, size, size);
                gc.setAntialias(SWT.ON);
                gc.setBackground(fill);
                int inset = size / 7;
                gc.fillOval(inset, inset, size - 2 * inset, size - 2 * inset);
                if (bar) {
                    gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
                    gc.fillRectangle(size * 3 / 10, size * 9 / 20, size * 4 / 10, Math.max(1, size / 8));
                }
                ImageData data = image.getImageData();
                data.transparentPixel = data.palette.getPixel(new RGB(255, 255, 255));
                return data;
            } finally {
                fill.dispose();
                gc.dispose();
                image.dispose();
            }
        });
    }
}
