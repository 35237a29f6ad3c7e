package org.parley.console.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.PluginFeature;
import org.parley.core.plugins.Plugins;
import org.parley.core.plugins.Restarter;
import org.parley.core.provisioning.ProvisionedSettings;

/**
 * The {@code parley:plugins} command: the update sites, the features they offer and those installed;
 * installs, updates and uninstalls features in the running Parley; restarts it where the window can.
 */
@Component(service = PluginCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=plugins" })
public final class PluginCommands {

    private static final Duration STARTING = Duration.ofSeconds(15);
    private static final String REQUIRE = "requireTrustedSignatures";
    private static final String CERTIFICATES = "trustedCertificates";

    private final ConfigurationAdmin configurations;
    private volatile Plugins plugins;
    private volatile ProvisionedSettings provisioned;
    private volatile Restarter restarter;

    @Activate
    public PluginCommands(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPlugins(Plugins service) {
        plugins = service;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setProvisioned(ProvisionedSettings settings) {
        provisioned = settings;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRestarter(Restarter service) {
        restarter = service;
    }

    void unsetRestarter(Restarter service) {
        if (restarter == service) {
            restarter = null;
        }
    }

    void unsetProvisioned(ProvisionedSettings settings) {
        if (provisioned == settings) {
            provisioned = null;
        }
    }

    void unsetPlugins(Plugins service) {
        if (plugins == service) {
            plugins = null;
        }
    }

    @Descriptor("plugins: installed features [list] | sites | site add|remove <uri or directory> | available | updates |"
            + " install <feature> | update <feature> | uninstall <feature> | policy [requireTrustedSignatures=true|false]"
            + " [trustedCertificates=<pem file>,...] [updates=off|notify|install] [checkOnStart=true|false]"
            + " [startDelaySeconds=<s>] [intervalHours=<h>] | restart")
    public String plugins(String... args) throws IOException {
        String action = args.length == 0 ? "list" : args[0];
        try {
            return switch (action) {
                case "list" -> features(service().installed(), "no features installed");
                case "sites" -> sites();
                case "site" -> site(args);
                case "available" -> available();
                case "updates" -> features(service().updates(), "no updates");
                case "install" -> describe(service().install(feature(args)));
                case "update" -> describe(service().update(feature(args)));
                case "uninstall" -> describe(service().uninstall(feature(args)));
                case "policy" -> policy(args);
                case "restart" -> restart();
                default -> throw new IllegalArgumentException("unknown action '" + action
                        + "': use list, sites, site, available, updates, install, update, uninstall, policy or restart");
            };
        } catch (PluginException failed) {
            throw new IllegalStateException(failed.getMessage(), failed);
        }
    }

    /** Has the window restart Parley, to finish a change that needs it. */
    private String restart() {
        Restarter now = restarter;
        if (now == null) {
            throw new IllegalStateException("This Parley cannot start itself again (only the desktop window can):"
                    + " stop it and start it again");
        }
        now.restart();
        return "restarting";
    }

    /** Shows the plugin policy, or changes the settings given as key=value. */
    private String policy(String[] args) throws IOException {
        Configuration configuration = configurations.getConfiguration(Plugins.CONFIGURATION_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        if (args.length > 1) {
            for (String setting : List.of(args).subList(1, args.length)) {
                int equals = setting.indexOf('=');
                String key = equals < 0 ? setting : setting.substring(0, equals);
                String value = equals < 0 ? "" : setting.substring(equals + 1).trim();
                PolicySetting known = POLICY.get(key);
                if (known == null) {
                    throw new IllegalArgumentException("unknown setting '" + key + "': use " + String.join(", ", POLICY.keySet()));
                }
                Object parsed = known.parse(key, value);
                ProvisionedSettings locks = provisioned;
                if (locks != null) {
                    locks.refuseLockedChanges(Plugins.CONFIGURATION_PID, ConfigurationMaps.of(properties),
                            Map.of(key, parsed));
                }
                properties.put(key, parsed);
            }
            Plugins before = plugins;
            if (configuration.updateIfDifferent(properties) && before != null) {
                // the configuration reaches the plugin manager asynchronously: the next command must find the
                // manager that works under the new policy
                awaitPlugins(now -> now != before);
            }
        }
        StringBuilder shown = new StringBuilder();
        for (Map.Entry<String, PolicySetting> setting : POLICY.entrySet()) {
            Object value = properties.get(setting.getKey());
            shown.append(shown.isEmpty() ? "" : "\n").append(setting.getKey()).append(' ')
                    .append(value == null ? setting.getValue().defaultValue()
                            : value instanceof String[] files ? (files.length == 0 ? "-" : String.join(",", files))
                                    : value);
        }
        return shown.toString();
    }

    /** A setting of the plugin policy: its default as shown, and how a typed value becomes its property. */
    private record PolicySetting(String defaultValue, Parser parser) {
        Object parse(String key, String value) {
            try {
                return parser.parse(value);
            } catch (IllegalArgumentException wrong) {
                throw new IllegalArgumentException(key + ": " + wrong.getMessage());
            }
        }
    }

    private interface Parser {
        Object parse(String value);
    }

    private static final Map<String, PolicySetting> POLICY = policySettings();

    private static Map<String, PolicySetting> policySettings() {
        Map<String, PolicySetting> settings = new LinkedHashMap<>();
        settings.put(REQUIRE, new PolicySetting("false", PluginCommands::bool));
        settings.put(CERTIFICATES, new PolicySetting("-", value -> value.isEmpty() ? new String[0]
                : List.of(value.split(",")).stream().map(String::trim)
                        .map(file -> Path.of(file).toAbsolutePath().toString()).toArray(String[]::new)));
        settings.put("updates", new PolicySetting("NOTIFY", value -> {
            String mode = value.toUpperCase(Locale.ROOT);
            if (!List.of("OFF", "NOTIFY", "INSTALL").contains(mode)) {
                throw new IllegalArgumentException("OFF, NOTIFY or INSTALL, not '" + value + "'");
            }
            return mode;
        }));
        settings.put("checkOnStart", new PolicySetting("true", PluginCommands::bool));
        settings.put("startDelaySeconds", new PolicySetting("60", PluginCommands::count));
        settings.put("intervalHours", new PolicySetting("24", PluginCommands::count));
        return settings;
    }

    private static Object bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static Object count(String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // below
        }
        throw new IllegalArgumentException("a whole number 0 or more, not '" + value + "'");
    }

    private String sites() {
        List<URI> sites = service().sites();
        return sites.isEmpty() ? "no update sites" : sites.stream().map(URI::toString).collect(Collectors.joining("\n"));
    }

    private String site(String[] args) throws PluginException {
        if (args.length != 3 || !(args[1].equals("add") || args[1].equals("remove"))) {
            throw new IllegalArgumentException("usage: plugins site add|remove <uri or directory>");
        }
        URI site = Plugins.site(args[2]);
        if (args[1].equals("add")) {
            service().addSite(site);
            return "added the update site " + site;
        }
        service().removeSite(site);
        return "removed the update site " + site;
    }

    private String available() throws PluginException {
        Map<String, PluginFeature> installed = service().installed().stream()
                .collect(Collectors.toMap(PluginFeature::id, Function.identity()));
        List<List<String>> rows = new ArrayList<>();
        for (PluginFeature offered : service().available()) {
            PluginFeature current = installed.get(offered.id());
            String state = current == null ? "-" : current.version().equals(offered.version()) ? "installed"
                    : "installed " + current.version();
            rows.add(List.of(offered.id(), offered.version(), state, offered.name()));
        }
        return Table.render(List.of("FEATURE", "VERSION", "INSTALLED", "NAME"), rows, "the update sites offer no features");
    }

    private static String features(List<PluginFeature> features, String empty) {
        List<List<String>> rows = features.stream()
                .map(feature -> List.of(feature.id(), feature.version(), feature.name())).toList();
        return Table.render(List.of("FEATURE", "VERSION", "NAME"), rows, empty);
    }

    private static String describe(PluginChange change) {
        return switch (change) {
            case PluginChange.Applied applied -> "done; started: "
                    + (applied.started().isEmpty() ? "-" : String.join(" ", applied.started()))
                    + "; removed: " + (applied.removed().isEmpty() ? "-" : String.join(" ", applied.removed()));
            case PluginChange.RestartNeeded restart -> "installed; restart Parley to finish: " + restart.reason();
        };
    }

    private static String feature(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: plugins " + args[0] + " <feature id>");
        }
        return args[1];
    }

    /** The plugin manager; waits for it a while, as a command given during the start may come before it. */
    private Plugins service() {
        return awaitPlugins(now -> true).orElseThrow(() -> new IllegalStateException(
                "plugins cannot be managed: the update bundle (org.parley.update) is not running"));
    }

    /** Waits a while for a plugin manager that {@code wanted} accepts; empty if none came. */
    private Optional<Plugins> awaitPlugins(Predicate<Plugins> wanted) {
        long deadline = System.nanoTime() + STARTING.toNanos();
        Plugins now = plugins;
        while ((now == null || !wanted.test(now)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            now = plugins;
        }
        return now != null && wanted.test(now) ? Optional.of(now) : Optional.empty();
    }
}
