package org.parley.ui.internal.preferences;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.RtpFormat;

/**
 * Plays a tone on the speaker through the media engine's own API: a session sending a tone calls
 * a session that plays what it receives on the playback device, both on the loopback address.
 * The speaker is the one chosen for {@link org.parley.core.media.AudioDeviceRole#PLAYBACK} when the
 * sessions open (the saved choice), else the system's default.
 */
final class TestTone {

    static final Duration LENGTH = Duration.ofSeconds(2);
    static final double FREQUENCY_HZ = 440;

    private TestTone() {
    }

    /**
     * Plays the tone for {@link #LENGTH}; blocks meanwhile.
     *
     * @throws MediaException if the engine cannot open the sessions or the speaker
     */
    static void play(MediaEngine engine) throws InterruptedException {
        RtpFormat format = engine.formats().stream()
                .filter(f -> !f.codec().name().equalsIgnoreCase("telephone-event")).findFirst()
                .orElseThrow(() -> new MediaException("The media engine offers no audio codec"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (MediaSession speaker = engine.open(new MediaSessionOptions(loopback, new AudioSource.Silence(),
                new AudioSink.PlaybackDevice(), digit -> { }));
                MediaSession tone = engine.open(new MediaSessionOptions(loopback, new AudioSource.Tone(FREQUENCY_HZ),
                        new AudioSink.Discard(), digit -> { }))) {
            speaker.start(tone.localRtpAddress(), format, Optional.empty());
            tone.start(speaker.localRtpAddress(), format, Optional.empty());
            Thread.sleep(LENGTH.toMillis());
        }
    }
}
