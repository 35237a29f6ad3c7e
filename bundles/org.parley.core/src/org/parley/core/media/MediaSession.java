package org.parley.core.media;

/**
 * The media of one call: the streams a {@link MediaEngine} runs for it. Closing it stops the
 * streams and frees their ports and devices.
 */
public interface MediaSession extends AutoCloseable {

    /** Figures for the session's audio stream so far. */
    MediaStatistics statistics();

    /** Stops or restarts sending captured audio. */
    void setMuted(boolean muted);

    @Override
    void close();
}
