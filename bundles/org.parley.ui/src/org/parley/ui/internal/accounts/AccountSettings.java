package org.parley.ui.internal.accounts;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.provisioning.ProvisionedSettings;
import org.parley.core.account.ProtocolProvider;
import org.parley.ui.internal.ConfigurationProperties;
import org.parley.ui.internal.session.DesktopSession;

/**
 * Reads and writes accounts: each is a ConfigurationAdmin factory configuration of its protocol's
 * provider (creating one creates the account), its password is kept in the credential store.
 * Services are looked up in the session at each call, since they come and go. The methods may
 * block (configuration files, secure storage): call them off the UI thread. Failures are
 * {@link IllegalStateException}s whose message is meant for the user.
 */
public final class AccountSettings {

    /**
     * The factory PIDs of the protocols Parley ships providers for, used while a protocol's
     * provider is not running to ask (see {@link ProtocolProvider#accountFactoryPid()}).
     */
    private static final Map<String, String> KNOWN_FACTORY_PIDS = Map.of(AccountValues.PROTOCOL,
            "org.parley.sip.account", XmppAccountValues.PROTOCOL, "org.parley.xmpp.account");

    /** What {@link #save} did. */
    public record Written(boolean created, boolean changed) {
    }

    /**
     * An account's configuration and password as they were before the dialog changed them, to
     * put back when the user cancels.
     */
    public record Snapshot(AccountId account, Hashtable<String, Object> properties, Optional<char[]> password) {
    }

    private final DesktopSession session;

    public AccountSettings(DesktopSession session) {
        this.session = session;
    }

    /** Whether a provider of {@code protocol} is running, i.e. its accounts can register. */
    public boolean providerPresent(String protocol) {
        return session.providers().containsKey(protocol);
    }

    /** The configuration properties of {@code account}, if it has a configuration. */
    public Optional<Dictionary<String, Object>> load(AccountId account) {
        return find(account).map(configuration -> ConfigurationProperties.copy(configuration.getProperties()));
    }

    /**
     * The protocol of {@code account}: the one whose provider owns its configuration, else the one
     * it runs with; empty if neither is known (no configuration, or its provider is gone and the
     * account with it).
     */
    public Optional<String> protocol(AccountId account) {
        Optional<String> factoryPid = find(account).map(Configuration::getFactoryPid);
        if (factoryPid.isPresent()) {
            Map<String, String> pids = new HashMap<>(KNOWN_FACTORY_PIDS);
            session.providers().forEach((protocol, provider) -> pids.put(protocol, provider.accountFactoryPid()));
            Optional<String> owner = pids.entrySet().stream().filter(pid -> pid.getValue().equals(factoryPid.get()))
                    .map(Map.Entry::getKey).findFirst();
            if (owner.isPresent()) {
                return owner;
            }
        }
        return session.account(account).map(running -> running.protocol());
    }

    /** The settings of {@code account} an administrator locked (see {@link ProvisionedSettings}); empty if none. */
    public Set<String> lockedKeys(AccountId account) {
        return find(account).flatMap(configuration -> session.provisioned()
                .map(locks -> locks.lockedKeys(configuration.getPid()))).orElse(Set.of());
    }

    /** Every setting of {@code account}'s configuration as a string, if it has a configuration. */
    public Optional<Map<String, String>> properties(AccountId account) {
        return find(account).map(configuration -> {
            Map<String, String> values = new LinkedHashMap<>();
            ConfigurationProperties.copy(configuration.getProperties()).forEach((key, value) -> values.put(key, String.valueOf(value)));
            return values;
        });
    }

    /** Sets {@code changes} in {@code account}'s configuration, keeping its other settings. */
    public void change(AccountId account, Map<String, String> changes) {
        Configuration configuration = find(account).orElseThrow(() -> new IllegalStateException(
                "Account " + account + " has no configuration any more"));
        try {
            ConfigurationProperties.merge(configuration, changes, session.provisioned());
        } catch (IOException e) {
            throw new IllegalStateException("The settings of account " + account + " cannot be stored: "
                    + e.getMessage(), e);
        }
    }

    /** The ids of all configured accounts and of all running ones. */
    public Set<String> accountIds() {
        Set<String> ids = new HashSet<>();
        session.accounts().forEach(account -> ids.add(account.id().value()));
        for (Configuration configuration : list("(" + ServiceProperties.ACCOUNT_ID + "=*)")) {
            Object id = configuration.getProperties().get(ServiceProperties.ACCOUNT_ID);
            if (id != null) {
                ids.add(String.valueOf(id));
            }
        }
        return ids;
    }

    /**
     * Stores the password (when {@code password} is not null; it is wiped afterwards), then the
     * account's configuration: an existing one is updated if anything changed, else a new one is
     * created, which creates the account. The password goes first so that a new account finds it
     * when it registers.
     *
     * @param values settings whose {@link AccountDraft#problem} finds none
     */
    public Written save(AccountDraft values, char[] password) {
        AccountId account = new AccountId(values.accountId().strip());
        ConfigurationAdmin configurations = configurationAdmin();
        if (password != null) {
            try {
                credentials().storePassword(account, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        try {
            Optional<Configuration> existing = find(account);
            if (existing.isPresent()) {
                Configuration configuration = existing.get();
                Dictionary<String, Object> properties = values.toProperties(configuration.getProperties());
                session.provisioned().ifPresent(locks -> locks.refuseLockedChanges(configuration.getPid(),
                        ConfigurationProperties.copy(configuration.getProperties()), ConfigurationProperties.copy(properties)));
                boolean changed = configuration.updateIfDifferent(properties);
                return new Written(false, changed);
            }
            Configuration configuration = configurations.getFactoryConfiguration(factoryPid(values.protocol()),
                    account.value(), "?");
            configuration.update(values.toProperties(null));
            return new Written(true, true);
        } catch (IOException e) {
            throw new IllegalStateException("The account's settings cannot be stored: " + e.getMessage(), e);
        }
    }

    /** Removes an account: its configuration (which stops it) and its password. */
    public void delete(AccountId account) {
        Optional<Configuration> configuration = find(account);
        if (configuration.isPresent() && session.provisioned()
                .filter(locks -> !locks.lockedKeys(configuration.get().getPid()).isEmpty()).isPresent()) {
            throw new IllegalStateException("Account " + account + " " + ProvisionedSettings.LOCKED_MESSAGE.replace(
                    "cannot be changed", "cannot be removed"));
        }
        try {
            if (configuration.isPresent()) {
                configuration.get().delete();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Account " + account + " cannot be removed: " + e.getMessage(), e);
        }
        session.credentials().ifPresent(store -> store.forgetPassword(account));
    }

    /** What {@code account} is configured with now, password included, for {@link #restore}. */
    public Optional<Snapshot> snapshot(AccountId account) {
        return find(account).map(configuration -> new Snapshot(account,
                ConfigurationProperties.copy(configuration.getProperties()),
                session.credentials().flatMap(store -> store.password(account))));
    }

    /** Puts back what {@link #snapshot} saw, and wipes the snapshot's password. */
    public void restore(Snapshot snapshot) {
        try {
            Optional<Configuration> configuration = find(snapshot.account());
            if (configuration.isPresent()) {
                configuration.get().updateIfDifferent(snapshot.properties());
            }
            Optional<CredentialStore> store = session.credentials();
            if (store.isPresent()) {
                if (snapshot.password().isPresent()) {
                    store.get().storePassword(snapshot.account(), snapshot.password().get().clone());
                } else {
                    store.get().forgetPassword(snapshot.account());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("The account's settings cannot be put back: " + e.getMessage(), e);
        } finally {
            forget(snapshot);
        }
    }

    /** Wipes a snapshot's password. */
    public static void forget(Snapshot snapshot) {
        snapshot.password().ifPresent(password -> Arrays.fill(password, '\0'));
    }

    private Optional<Configuration> find(AccountId account) {
        Configuration[] found = list("(" + ServiceProperties.ACCOUNT_ID + "=" + account.value() + ")");
        return found.length == 0 ? Optional.empty() : Optional.of(found[0]);
    }

    private Configuration[] list(String filter) {
        try {
            Configuration[] found = configurationAdmin().listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("The account settings cannot be read: " + e.getMessage(), e);
        }
    }

    private String factoryPid(String protocol) {
        ProtocolProvider provider = session.providers().get(protocol);
        if (provider != null) {
            return provider.accountFactoryPid();
        }
        String known = KNOWN_FACTORY_PIDS.get(protocol);
        if (known == null) {
            throw new IllegalStateException("No " + protocol + " provider is present: its accounts cannot be created now.");
        }
        return known;
    }

    private ConfigurationAdmin configurationAdmin() {
        return session.configurations().orElseThrow(() -> new IllegalStateException(
                "Account settings cannot be read or stored: the configuration service is not running."));
    }

    private CredentialStore credentials() {
        return session.credentials().orElseThrow(() -> new IllegalStateException(
                "The password cannot be stored: the credential store is not running."));
    }
}
