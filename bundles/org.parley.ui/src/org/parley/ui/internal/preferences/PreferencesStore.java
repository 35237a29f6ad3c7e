package org.parley.ui.internal.preferences;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.account.Account;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.AudioDevices;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.RtpFormat;
import org.parley.ui.internal.ConfigurationProperties;
import org.parley.ui.internal.accounts.AccountSettings;
import org.parley.ui.internal.session.DesktopSession;

/**
 * Reads the settings the Preferences dialog shows from the session's services and ConfigurationAdmin,
 * and writes the changes back. Both may wait for the configuration store: call them off the UI thread.
 */
final class PreferencesStore {

    /** The codecs calls use when no media engine says which it offers (the engine's usual order). */
    static final List<String> USUAL_CODECS = List.of("opus", "G722", "PCMU", "PCMA");

    private PreferencesStore() {
    }

    static PreferencesSnapshot load(DesktopSession session) throws IOException {
        Optional<ConfigurationAdmin> admin = session.configurations();
        Optional<AudioDevices> audio = session.audioDevices();
        Optional<MediaEngine> media = session.media();

        Map<AudioDeviceRole, String> chosen = new EnumMap<>(AudioDeviceRole.class);
        Dictionary<String, Object> deviceProperties = admin.isPresent()
                ? admin.get().getConfiguration(AudioDevices.CONFIGURATION_PID, "?").getProperties()
                : null;
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            Object id = deviceProperties == null ? null : deviceProperties.get(role.property());
            chosen.put(role, id == null ? "" : id.toString().strip());
        }

        List<AccountPreferences> accounts = new ArrayList<>();
        AccountSettings settings = new AccountSettings(session);
        for (Account account : session.accounts()) {
            String label = account.id().value() + " (" + account.address().uri() + ")";
            Optional<Map<String, String>> values = admin.isPresent() ? settings.properties(account.id()) : Optional.empty();
            accounts.add(new AccountPreferences(account.id(), account.protocol(), label, values,
                    admin.isPresent() ? settings.lockedKeys(account.id()) : Set.of()));
        }

        Dictionary<String, Object> windowProperties = admin.isPresent()
                ? admin.get().getConfiguration(UiSettings.PID, "?").getProperties()
                : null;

        return new PreferencesSnapshot(admin.isPresent(), audio.flatMap(AudioDevices::soundSystem),
                audio.map(AudioDevices::devices).orElse(List.of()), chosen,
                audio.flatMap(a -> a.chosen(AudioDeviceRole.PLAYBACK)).map(AudioDevice::name), media.isPresent(),
                media.map(PreferencesStore::codecs).orElse(USUAL_CODECS), accounts, UiSettings.from(windowProperties));
    }

    /** Writes each changed property into its configuration, keeping the configuration's other properties. */
    static void write(DesktopSession session, ConfigurationAdmin admin, PreferenceChanges changes) throws IOException {
        if (!changes.devices().isEmpty()) {
            ConfigurationProperties.merge(admin.getConfiguration(AudioDevices.CONFIGURATION_PID, "?"), changes.devices(),
                    session.provisioned());
        }
        if (!changes.window().isEmpty()) {
            ConfigurationProperties.merge(admin.getConfiguration(UiSettings.PID, "?"), changes.window(),
                    session.provisioned());
        }
        AccountSettings accounts = new AccountSettings(session);
        changes.accounts().forEach(accounts::change);
    }

    /** The engine's audio codecs by name, in its order, without {@code telephone-event} (which always follows). */
    private static List<String> codecs(MediaEngine engine) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (RtpFormat format : engine.formats()) {
            String name = format.codec().name();
            if (!name.equalsIgnoreCase("telephone-event") && seen.add(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names.isEmpty() ? USUAL_CODECS : names;
    }
}
