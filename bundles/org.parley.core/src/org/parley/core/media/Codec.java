package org.parley.core.media;

import java.util.Objects;

/**
 * An audio or video encoding as negotiated in SDP.
 *
 * @param name      the encoding name, e.g. {@code opus}, {@code PCMU}
 * @param clockRate the RTP clock rate in Hz
 * @param channels  the number of channels (1 for mono)
 */
public record Codec(String name, int clockRate, int channels) {

    public Codec {
        Objects.requireNonNull(name, "name");
        if (clockRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("Clock rate and channels must be positive");
        }
    }

    @Override
    public String toString() {
        return name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
