package org.parley.media.internal.jmf;

import java.awt.Component;

import javax.media.Format;
import javax.media.control.FormatControl;

/** A {@link FormatControl} that offers exactly one format. */
final class FixedFormatControl implements FormatControl {

    private final Format format;

    FixedFormatControl(Format format) {
        this.format = format;
    }

    @Override
    public Format getFormat() {
        return format;
    }

    @Override
    public Format setFormat(Format requested) {
        return requested == null || format.matches(requested) ? format : null;
    }

    @Override
    public Format[] getSupportedFormats() {
        return new Format[] { format };
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void setEnabled(boolean enabled) {
        // always enabled
    }

    @Override
    public Component getControlComponent() {
        return null;
    }
}
