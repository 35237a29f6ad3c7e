package org.parley.core.media;

import java.util.Locale;
import java.util.Objects;

/**
 * An audio or video encoding as named in SDP ({@code a=rtpmap}).
 *
 * @param name      the encoding name, e.g. {@code opus}, {@code PCMU}, {@code telephone-event};
 *                  compared without regard to case
 * @param clockRate the RTP clock rate in Hz
 * @param channels  the number of channels (1 for mono)
 */
public record Codec(String name, int clockRate, int channels) {

    /** G.711 µ-law, 8 kHz. */
    public static final Codec PCMU = new Codec("PCMU", 8000, 1);
    /** G.711 A-law, 8 kHz. */
    public static final Codec PCMA = new Codec("PCMA", 8000, 1);
    /**
     * G.722, wideband: it samples at 16 kHz, but SDP names it with an 8000 Hz clock and its RTP
     * timestamps count at 8000 Hz (RFC 3551 kept an error of the first RFC 1890 for compatibility),
     * so 20 ms are 160 timestamp units and 160 bytes of payload at 64 kbit/s.
     */
    public static final Codec G722 = new Codec("G722", 8000, 1);
    /** Opus; SDP always names it with a 48 kHz clock and 2 channels (RFC 7587). */
    public static final Codec OPUS = new Codec("opus", 48000, 2);
    /** VP8 video (RFC 7741), with the 90 kHz clock of all RTP video. */
    public static final Codec VP8 = new Codec("VP8", 90000, 1);
    /** RFC 4733 telephone events (DTMF) at 8 kHz. */
    public static final Codec TELEPHONE_EVENT = new Codec("telephone-event", 8000, 1);

    public Codec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || clockRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("A codec needs a name, a positive clock rate and channels");
        }
    }

    /** Whether this is the same encoding as {@code other}: same name (any case), rate and channels. */
    public boolean sameAs(Codec other) {
        return name.toLowerCase(Locale.ROOT).equals(other.name.toLowerCase(Locale.ROOT))
                && clockRate == other.clockRate && channels == other.channels;
    }

    @Override
    public String toString() {
        return name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
