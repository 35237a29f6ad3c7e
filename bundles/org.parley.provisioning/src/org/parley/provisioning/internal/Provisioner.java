package org.parley.provisioning.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.files.AtomicFiles;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.Plugins;
import org.parley.core.provisioning.ProvisionedSettings;

/**
 * Applies the administrator's provisioning files at start (the framework property {@value #LOCATION}
 * names a file or a directory of {@code *.json}; without it, the installation's {@code provisioning/}
 * directory): a file seen for the first time, or changed since, sets all its properties; at every
 * start its locked properties are set again, so the administrator's values win. Passwords come from
 * the environment into the credential store, update sites go to the plugin manager. It tells the
 * console and the window which settings are locked.
 */
@Component(immediate = true, service = ProvisionedSettings.class)
public final class Provisioner implements ProvisionedSettings {

    static final String LOCATION = "parley.provisioning";
    private static final Logger LOG = Logger.getLogger(Provisioner.class.getName());

    private final List<ProvisioningFile> files;
    private final Map<String, String> environment;

    @Activate
    public Provisioner(BundleContext context, @Reference ConfigurationAdmin configurations,
            @Reference CredentialStore credentials) {
        this.environment = System.getenv();
        Path state = UserDataDirectory.of(context).resolve("provisioning").resolve("applied.properties");
        Properties applied = load(state);
        List<ProvisioningFile> read = new ArrayList<>();
        for (Path file : files(context)) {
            try {
                ProvisioningFile provisioning = ProvisioningFile.read(file);
                String digest = digest(file);
                boolean changed = !digest.equals(applied.getProperty(file.toString()));
                apply(provisioning, configurations, changed);
                storePasswords(provisioning, credentials, changed);
                applied.setProperty(file.toString(), digest);
                read.add(provisioning);
            } catch (IOException | RuntimeException unusable) {
                LOG.severe("Provisioning file not applied: " + unusable.getMessage());
            }
        }
        this.files = List.copyOf(read);
        save(state, applied);
    }

    @Override
    public Set<String> lockedKeys(String pid) {
        return ProvisioningFile.union(files, pid);
    }

    /**
     * Adds the provisioned update sites the plugin manager does not know yet, then installs the provisioned
     * features that are not installed, in the background.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPlugins(Plugins plugins) {
        List<URI> sites = files.stream().flatMap(file -> file.sites().stream()).distinct().toList();
        List<String> features = files.stream().flatMap(file -> file.features().stream()).distinct().toList();
        if (sites.isEmpty() && features.isEmpty()) {
            return;
        }
        Thread.ofPlatform().daemon().name("parley-provisioning-plugins").start(() -> {
            for (URI site : sites) {
                try {
                    if (!plugins.sites().contains(site)) {
                        plugins.addSite(site);
                        LOG.info("Provisioned update site added: " + site);
                    }
                } catch (PluginException | RuntimeException failed) {
                    LOG.warning("Provisioned update site not added: " + failed.getMessage());
                }
            }
            for (String feature : features) {
                try {
                    if (plugins.installed().stream().noneMatch(installed -> installed.id().equals(feature))) {
                        LOG.info("Provisioned feature " + feature + ": " + plugins.install(feature));
                    }
                } catch (PluginException | RuntimeException failed) {
                    LOG.warning("Provisioned feature not installed: " + failed.getMessage());
                }
            }
        });
    }

    void unsetPlugins(Plugins plugins) {
        // nothing to undo: the sites stay known
    }

    private static List<Path> files(BundleContext context) {
        String location = context.getProperty(LOCATION);
        Path where;
        if (location != null && !location.isBlank()) {
            where = Path.of(location);
        } else {
            String install = context.getProperty("osgi.install.area");
            if (install == null || !install.startsWith("file:")) {
                return List.of();
            }
            where = Path.of(URI.create(install.replace(" ", "%20"))).resolve("provisioning");
        }
        try {
            return ProvisioningFile.files(where);
        } catch (IOException unreadable) {
            LOG.severe("Provisioning files cannot be listed in " + where + ": " + unreadable.getMessage());
            return List.of();
        }
    }

    /** Sets the file's properties (all of them if it is new or changed, else the locked ones), where they differ. */
    private static void apply(ProvisioningFile file, ConfigurationAdmin configurations, boolean changed)
            throws IOException {
        for (Map.Entry<String, Map<String, Object>> entry : file.configurations().entrySet()) {
            String pid = entry.getKey();
            Set<String> locked = file.lockedKeys(pid);
            int tilde = pid.indexOf('~');
            Configuration configuration = tilde < 0 ? configurations.getConfiguration(pid, "?")
                    : configurations.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?");
            Dictionary<String, Object> current = configuration.getProperties();
            Hashtable<String, Object> updated = new Hashtable<>();
            if (current != null) {
                for (var keys = current.keys(); keys.hasMoreElements();) {
                    String key = keys.nextElement();
                    updated.put(key, current.get(key));
                }
            }
            if (tilde > 0 && pid.substring(0, tilde).endsWith(".account") && !updated.containsKey(ServiceProperties.ACCOUNT_ID)) {
                updated.put(ServiceProperties.ACCOUNT_ID, pid.substring(tilde + 1));
            }
            boolean differs = current == null;
            for (Map.Entry<String, Object> property : entry.getValue().entrySet()) {
                if ((changed || locked.contains(property.getKey()))
                        && !same(updated.get(property.getKey()), property.getValue())) {
                    updated.put(property.getKey(), property.getValue());
                    differs = true;
                }
            }
            if (differs) {
                configuration.update(updated);
                LOG.info("Provisioned " + pid + (changed ? "" : " (its locked settings)") + " from " + file.source());
            }
        }
    }

    private void storePasswords(ProvisioningFile file, CredentialStore credentials, boolean changed) {
        for (Map.Entry<String, String> entry : file.passwords().entrySet()) {
            AccountId account = new AccountId(entry.getKey());
            if (entry.getValue().equals("prompt")) {
                continue;
            }
            String variable = entry.getValue().substring("env:".length());
            String password = environment.get(variable);
            if (password == null || password.isEmpty()) {
                LOG.warning("The password of account " + account + " is to come from the environment variable "
                        + variable + ", which is not set: the account will ask for it");
            } else if (changed || credentials.password(account).isEmpty()) {
                credentials.storePassword(account, password.toCharArray());
            }
        }
    }

    private static boolean same(Object current, Object provisioned) {
        if (current instanceof String[] array && provisioned instanceof String[] other) {
            return Arrays.equals(array, other);
        }
        return Objects.equals(current, provisioned) || (current != null && provisioned != null
                && current.toString().equals(provisioned.toString()) && !(current instanceof String[]));
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }

    private static Properties load(Path state) {
        Properties applied = new Properties();
        try (InputStream in = Files.newInputStream(state)) {
            applied.load(in);
        } catch (IOException none) {
            // first start, or unreadable: every file counts as new
        }
        return applied;
    }

    private static void save(Path state, Properties applied) {
        try {
            Files.createDirectories(state.getParent());
            StringWriter text = new StringWriter();
            applied.store(text, "provisioning files applied: path = SHA-256");
            AtomicFiles.replace(state, text.toString());
        } catch (IOException | RuntimeException failed) {
            LOG.warning("Cannot remember the applied provisioning files: " + failed.getMessage());
        }
    }
}
