package org.parley.media.internal;

import java.util.Optional;

import javax.media.CaptureDeviceInfo;
import javax.media.MediaLocator;

import org.jitsi.impl.neomedia.device.AudioSystem;

/**
 * The sound system and devices a session uses, decided when it opens.
 *
 * @param system   the sound system; empty when the machine offers none
 * @param capture  the microphone (the chosen one, or the system's default entry)
 * @param playback the chosen speaker; empty for the system's default
 */
record SoundChoice(Optional<AudioSystem> system, Optional<CaptureDeviceInfo> capture, Optional<MediaLocator> playback) {

    /** No sound system: sessions can only use files, tones, silence and discarding. */
    static SoundChoice none() {
        return new SoundChoice(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
