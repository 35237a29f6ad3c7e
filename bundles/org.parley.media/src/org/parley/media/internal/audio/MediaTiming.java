package org.parley.media.internal.audio;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * Wall-clock time stamps of the audio a WAV source hands over and a WAV sink takes, for measuring
 * mouth-to-ear latency (bench/media.sh). Off unless the system property {@code parley.media.timing}
 * is {@code true}; then one INFO line per 20 ms frame on the logger {@code org.parley.media.timing}:
 * {@code parley-timing <what> <sample index> <sample rate> <microseconds since the epoch>}.
 */
final class MediaTiming {

    static final boolean ENABLED = Boolean.getBoolean("parley.media.timing");

    private static final Logger LOG = Logger.getLogger("org.parley.media.timing");

    private MediaTiming() {
    }

    /**
     * Logs that the sample with index {@code sample} (counted from the first at {@code rate}) is
     * handed over or taken now.
     */
    static void log(String what, long sample, int rate) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        LOG.info("parley-timing " + what + " " + sample + " " + rate + " " + micros);
    }
}
