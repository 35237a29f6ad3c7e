package org.parley.ui.internal.preferences;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;

/**
 * Everything the Preferences dialog shows, read at once off the UI thread.
 *
 * @param configurable    whether the configuration service runs (without it nothing can be saved)
 * @param soundSystem     the sound system in use, when the media engine knows of one
 * @param devices         the sound devices present now; empty without a media engine
 * @param chosenDevices   the configured device id of each role ({@code ""}: the system's default)
 * @param playbackInUse   the name of the speaker sessions open on now; empty: the system's default
 * @param canPlayTone     whether a media engine runs that can play a test tone
 * @param codecs          the audio codecs the media engine offers, in its order
 * @param accounts        the accounts' settings, sorted by id
 * @param window          the window's own settings
 */
record PreferencesSnapshot(boolean configurable, Optional<String> soundSystem, List<AudioDevice> devices,
        Map<AudioDeviceRole, String> chosenDevices, Optional<String> playbackInUse, boolean canPlayTone,
        List<String> codecs, List<AccountPreferences> accounts, UiSettings window) {
}
