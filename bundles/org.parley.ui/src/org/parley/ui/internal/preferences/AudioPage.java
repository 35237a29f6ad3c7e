package org.parley.ui.internal.preferences;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.MediaEngine;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The Audio page: the sound device of each role (microphone, speaker, ringer), or the system's
 * default, and a test tone on the speaker.
 */
final class AudioPage {

    private static final String SYSTEM_DEFAULT = "System default";

    private final DesktopSession session;
    private final Composite page;
    private final Label soundSystem;
    private final Map<AudioDeviceRole, Combo> combos = new EnumMap<>(AudioDeviceRole.class);
    /** The device id behind each combo item; item 0 is the default (""). */
    private final Map<AudioDeviceRole, List<String>> ids = new EnumMap<>(AudioDeviceRole.class);
    private final Button testTone;
    private final Label toneStatus;
    private PreferencesSnapshot shown;

    AudioPage(Composite parent, DesktopSession session) {
        this.session = session;
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        soundSystem = PageParts.note(page);
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            Label caption = new Label(page, SWT.NONE);
            caption.setText(caption(role) + ":");
            Combo combo = new Combo(page, SWT.READ_ONLY | SWT.DROP_DOWN);
            combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            Ids.set(combo, "prefs.device." + role.property());
            Accessibility.name(combo, caption(role));
            combo.setItems(SYSTEM_DEFAULT);
            combo.select(0);
            combo.setEnabled(false);
            combos.put(role, combo);
            ids.put(role, List.of(""));
        }
        testTone = PageParts.button(page, "Play test tone", "prefs.testTone");
        testTone.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        testTone.setEnabled(false);
        testTone.addListener(SWT.Selection, event -> playTone());
        toneStatus = new Label(page, SWT.WRAP);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.widthHint = 260;
        toneStatus.setLayoutData(statusData);
    }

    Control control() {
        return page;
    }

    void show(PreferencesSnapshot snapshot) {
        shown = snapshot;
        soundSystem.setText("Sound system: " + snapshot.soundSystem()
                .orElse("none found (calls can still use files, tones and silence)"));
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            String chosen = snapshot.chosenDevices().get(role);
            List<String> roleIds = new ArrayList<>(List.of(""));
            List<String> labels = new ArrayList<>(List.of(SYSTEM_DEFAULT));
            for (AudioDevice device : snapshot.devices()) {
                if (device.kind() == role.kind()) {
                    roleIds.add(device.id());
                    labels.add(device.name());
                }
            }
            if (!roleIds.contains(chosen)) {
                roleIds.add(chosen);
                labels.add(chosen + " (not connected)");
            }
            Combo combo = combos.get(role);
            combo.setItems(labels.toArray(String[]::new));
            combo.select(roleIds.indexOf(chosen));
            combo.setEnabled(snapshot.configurable());
            ids.put(role, roleIds);
        }
        testTone.setEnabled(snapshot.canPlayTone());
        toneStatus.setText(snapshot.canPlayTone() ? "" : "No media engine is running.");
        page.layout(true, true);
    }

    /** The roles whose device the user changed: role property to device id ("" for the default). */
    Map<String, String> changes() {
        Map<String, String> changes = new LinkedHashMap<>();
        if (shown == null) {
            return changes;
        }
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            String now = selectedId(role);
            if (!now.equals(shown.chosenDevices().get(role))) {
                changes.put(role.property(), now);
            }
        }
        return changes;
    }

    private String selectedId(AudioDeviceRole role) {
        int index = combos.get(role).getSelectionIndex();
        return index < 0 ? "" : ids.get(role).get(index);
    }

    private void playTone() {
        Optional<MediaEngine> engine = session.media();
        if (engine.isEmpty()) {
            toneStatus.setText("No media engine is running.");
            return;
        }
        String speaker = session.audioDevices().flatMap(devices -> devices.chosen(AudioDeviceRole.PLAYBACK))
                .map(AudioDevice::name).orElse("the system's default speaker");
        String pending = changes().containsKey(AudioDeviceRole.PLAYBACK.property())
                ? " The new speaker is used once you press OK." : "";
        testTone.setEnabled(false);
        toneStatus.setText("Playing a tone on " + speaker + "…" + pending);
        page.layout(true, true);
        Thread.ofPlatform().daemon().name("parley-test-tone").start(() -> {
            String outcome;
            try {
                TestTone.play(engine.get());
                outcome = "Played a tone on " + speaker + "." + pending;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "";
            } catch (RuntimeException e) {
                outcome = "The tone could not be played: " + e.getMessage();
            }
            String text = outcome;
            if (!page.isDisposed()) {
                page.getDisplay().asyncExec(() -> {
                    if (!page.isDisposed()) {
                        toneStatus.setText(text);
                        testTone.setEnabled(true);
                        page.layout(true, true);
                    }
                });
            }
        });
    }

    private static String caption(AudioDeviceRole role) {
        return switch (role) {
            case CAPTURE -> "Microphone";
            case PLAYBACK -> "Speaker";
            case RINGER -> "Ringer";
        };
    }
}
