package org.parley.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceRole;
import org.parley.core.media.AudioDevices;

/**
 * The {@code parley:devices} command: lists the sound devices and what each is used for, and
 * chooses the device of a role by writing the configuration {@value AudioDevices#CONFIGURATION_PID}.
 */
@Component(service = DeviceCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=devices" })
public final class DeviceCommands {

    private static final String DEFAULT = "default";

    private final ConfigurationAdmin configurations;
    /** Got when a command runs: getting it starts libjitsi, which a console start does not need. */
    private volatile ComponentServiceObjects<AudioDevices> devices;

    @Activate
    public DeviceCommands(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDevices(ComponentServiceObjects<AudioDevices> service) {
        devices = service;
    }

    void unsetDevices(ComponentServiceObjects<AudioDevices> service) {
        if (devices == service) {
            devices = null;
        }
    }

    @Descriptor("lists the sound devices and the role each plays (capture, playback, ringer)")
    public String devices() {
        AudioDevices service = service();
        List<List<String>> rows = new ArrayList<>();
        for (AudioDevice device : service.devices()) {
            String roles = List.of(AudioDeviceRole.values()).stream()
                    .filter(role -> service.chosen(role).filter(device::equals).isPresent())
                    .map(AudioDeviceRole::property).collect(Collectors.joining(","));
            rows.add(List.of(device.kind().name().toLowerCase(Locale.ROOT), device.id(), device.name(),
                    roles.isEmpty() ? "-" : roles));
        }
        String system = "sound system: " + service.soundSystem().orElse("none (calls can use files, tones and silence)");
        StringBuilder defaults = new StringBuilder();
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            if (service.chosen(role).isEmpty()) {
                defaults.append(defaults.isEmpty() ? "\nthe system's default device for: " : ", ").append(role.property());
            }
        }
        return system + "\n" + Table.render(List.of("KIND", "ID", "NAME", "CHOSEN-FOR"), rows, "no devices")
                + defaults;
    }

    @Descriptor("chooses the device of a role: devices choose capture|playback|ringer <id>|default")
    public String devices(String action, String role, String id) throws IOException {
        if (!action.equals("choose")) {
            throw new IllegalArgumentException("unknown action '" + action + "': use choose");
        }
        AudioDeviceRole chosenRole = role(role);
        String value = id.equals(DEFAULT) ? "" : id;
        if (!value.isEmpty()) {
            Optional<AudioDevice> device = service().devices().stream().filter(d -> d.id().equals(id)).findFirst();
            if (device.isEmpty()) {
                throw new IllegalArgumentException("no device " + id + "; parley:devices lists them");
            }
            if (device.get().kind() != chosenRole.kind()) {
                throw new IllegalArgumentException(id + " is a " + device.get().kind().name().toLowerCase(Locale.ROOT)
                        + " device; " + role + " takes a " + chosenRole.kind().name().toLowerCase(Locale.ROOT) + " device");
            }
        }
        Configuration configuration = configurations.getConfiguration(AudioDevices.CONFIGURATION_PID, "?");
        Dictionary<String, Object> properties = Optional.ofNullable(configuration.getProperties())
                .orElseGet(Hashtable::new);
        properties.put(chosenRole.property(), value);
        configuration.update(properties);
        return role + ": " + (value.isEmpty() ? "the system's default device" : id);
    }

    private static AudioDeviceRole role(String name) {
        for (AudioDeviceRole role : AudioDeviceRole.values()) {
            if (role.property().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "': use capture, playback or ringer");
    }

    private AudioDevices service() {
        ComponentServiceObjects<AudioDevices> objects = devices;
        AudioDevices service = objects == null ? null : objects.getService();
        if (service == null) {
            throw new IllegalStateException("no media engine offers sound devices (is org.parley.media started?)");
        }
        return service;
    }
}
