package org.parley.console.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.ProtocolProvider;
import org.parley.core.account.RegistrationListener;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;
import org.parley.core.provisioning.ProvisionedSettings;

/**
 * Console commands that manage accounts: accounts are ConfigurationAdmin factory configurations
 * of their protocol provider, passwords go to the {@link CredentialStore}.
 */
@Component(service = AccountCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=account",
        "osgi.command.function=register",
        "osgi.command.function=unregister",
        "osgi.command.function=await" })
public final class AccountCommands {

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final Map<String, ProtocolProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private volatile CredentialStore credentials;
    private volatile ProvisionedSettings provisioned;

    @Activate
    public AccountCommands(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.context = context;
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ProtocolProvider provider) {
        providers.put(provider.protocol(), provider);
    }

    void removeProvider(ProtocolProvider provider) {
        providers.remove(provider.protocol(), provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccount(Account account) {
        accounts.put(account.id().value(), account);
    }

    void removeAccount(Account account) {
        accounts.remove(account.id().value(), account);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCredentials(CredentialStore store) {
        credentials = store;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setProvisioned(ProvisionedSettings settings) {
        provisioned = settings;
    }

    void unsetProvisioned(ProvisionedSettings settings) {
        if (provisioned == settings) {
            provisioned = null;
        }
    }

    void unsetCredentials(CredentialStore store) {
        if (credentials == store) {
            credentials = null;
        }
    }

    @Descriptor("manages accounts: add <protocol> <id> <address> [key=value ...] | set <id> key=value ... |"
            + " remove <id> | password <id> <password> [turn] | show <id> | trust <id> [once] (the certificate it refused)")
    public String account(String action, String... args) throws IOException, InvalidSyntaxException {
        return switch (action) {
            case "add" -> add(args);
            case "set" -> set(args);
            case "remove" -> remove(args);
            case "password" -> password(args);
            case "show" -> show(args);
            case "trust" -> trust(args);
            default -> throw new IllegalArgumentException(
                    "unknown action '" + action + "': use add, set, remove, password, show or trust");
        };
    }

    @Descriptor("registers an account now (again, if it is registered)")
    public String register(String id) {
        account(id).register();
        return "registering " + id;
    }

    @Descriptor("ends an account's registration")
    public String unregister(String id) {
        account(id).unregister();
        return "unregistering " + id;
    }

    @Descriptor("waits until an account's registration is registered, unregistered or failed: await <id> <state> [seconds]")
    public String await(String id, String state, String... seconds) throws InterruptedException {
        long timeout = seconds.length > 0 ? Long.parseLong(seconds[0]) : 10;
        String wanted = state.toLowerCase(Locale.ROOT);
        if (!wanted.matches("registered|unregistered|failed")) {
            throw new IllegalArgumentException("the state is registered, unregistered or failed, not " + state);
        }
        CountDownLatch changed = new CountDownLatch(1);
        Hashtable<String, Object> filter = new Hashtable<>();
        filter.put(ServiceProperties.ACCOUNT_ID, id);
        ServiceRegistration<RegistrationListener> listener = context.registerService(RegistrationListener.class,
                event -> changed.countDown(), filter);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (true) {
                Account account = accounts.get(id);
                if (account != null && Describe.registrationWord(account.registrationState()).equals(wanted)) {
                    return describe(account);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("account " + id + " is still "
                            + (account == null ? "not running" : Describe.registration(account.registrationState()))
                            + " after " + timeout + " s");
                }
                // woken by the next registration event, or after a short while (the account's service may be
                // coming back after a change of its settings, which sends no event)
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
        } finally {
            listener.unregister();
        }
    }

    private String add(String[] args) throws IOException, InvalidSyntaxException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: account add <protocol> <id> <address> [key=value ...]");
        }
        ProtocolProvider provider = providers.get(args[0]);
        if (provider == null) {
            throw new IllegalArgumentException("no provider for protocol '" + args[0] + "'; there are: "
                    + String.join(", ", providers.keySet()));
        }
        AccountId id = new AccountId(args[1]);
        if (find(id).isPresent()) {
            throw new IllegalArgumentException("account " + id + " exists already");
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, id.value());
        properties.put("address", args[2]);
        putAll(properties, Arrays.copyOfRange(args, 3, args.length));
        Configuration configuration = configurations.getFactoryConfiguration(provider.accountFactoryPid(),
                id.value(), "?");
        configuration.update(properties);
        return "added " + id;
    }

    private String set(String[] args) throws IOException, InvalidSyntaxException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: account set <id> key=value ...");
        }
        AccountId id = new AccountId(args[0]);
        Configuration configuration = find(id).orElseThrow(() -> new IllegalArgumentException("no account " + id));
        Dictionary<String, Object> properties = configuration.getProperties();
        Hashtable<String, Object> updated = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            updated.put(key, properties.get(key));
        }
        Hashtable<String, Object> changes = new Hashtable<>();
        putAll(changes, Arrays.copyOfRange(args, 1, args.length));
        ProvisionedSettings locks = provisioned;
        if (locks != null) {
            locks.refuseLockedChanges(configuration.getPid(), updated, changes);
        }
        updated.putAll(changes);
        configuration.update(updated);
        return "changed " + id;
    }

    private String remove(String[] args) throws IOException, InvalidSyntaxException {
        AccountId id = new AccountId(single(args, "account remove <id>"));
        Configuration configuration = find(id).orElseThrow(() -> new IllegalArgumentException("no account " + id));
        ProvisionedSettings locks = provisioned;
        if (locks != null && !locks.lockedKeys(configuration.getPid()).isEmpty()) {
            throw new IllegalStateException("account " + id + " " + ProvisionedSettings.LOCKED_MESSAGE.replace(
                    "cannot be changed", "cannot be removed"));
        }
        configuration.delete();
        CredentialStore store = credentials;
        if (store != null) {
            store.forgetPassword(id);
        }
        return "removed " + id;
    }

    private String password(String[] args) {
        boolean turn = args.length == 3 && args[2].equalsIgnoreCase("turn");
        if (args.length != 2 && !turn) {
            throw new IllegalArgumentException("usage: account password <id> <password> [turn]");
        }
        CredentialStore store = credentials;
        if (store == null) {
            throw new IllegalStateException("no credential store is running");
        }
        if (turn) {
            store.storeTurnPassword(new AccountId(args[0]), args[1].toCharArray());
            return "TURN password stored for " + args[0];
        }
        store.storePassword(new AccountId(args[0]), args[1].toCharArray());
        return "password stored for " + args[0];
    }

    private String show(String[] args) throws IOException, InvalidSyntaxException {
        AccountId id = new AccountId(single(args, "account show <id>"));
        Dictionary<String, Object> properties = find(id)
                .orElseThrow(() -> new IllegalArgumentException("no account " + id)).getProperties();
        StringBuilder out = new StringBuilder();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.startsWith("service.") && !key.equals("component.name")) {
                out.append(key).append('=').append(properties.get(key)).append('\n');
            }
        }
        Account account = accounts.get(id.value());
        out.append("registration=").append(account == null ? "(no account service)" : Describe.registration(
                account.registrationState()));
        return out.toString();
    }

    /**
     * Pins the certificate the account's server presented and the account refused, or with
     * {@code once} trusts it until the account stops, without storing it.
     */
    private String trust(String[] args) {
        String usage = "account trust <id> [once]";
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("once"))) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        Account account = account(args[0]);
        if (!(account.registrationState() instanceof RegistrationState.Failed failed)
                || failed.certificate().isEmpty()) {
            throw new IllegalStateException("account " + account.id() + " has not refused a certificate: "
                    + Describe.registration(account.registrationState()));
        }
        ServerCertificate certificate = failed.certificate().get();
        boolean once = args.length == 2;
        if (once) {
            account.trustCertificateThisTime(certificate);
        } else {
            account.trustCertificate(certificate);
        }
        return (once ? "trusted this time " : "trusted ") + account.id() + " " + certificate.fingerprint() + " "
                + certificate.subject();
    }

    private Optional<Configuration> find(AccountId id) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurations.listConfigurations(
                "(" + ServiceProperties.ACCOUNT_ID + "=" + id.value() + ")");
        return found == null ? Optional.empty() : Optional.of(found[0]);
    }

    private Account account(String id) {
        Account account = accounts.get(id);
        if (account == null) {
            throw new IllegalArgumentException("no account " + id + " is running");
        }
        return account;
    }

    private static String describe(Account account) {
        return account.id() + " " + Describe.registration(account.registrationState());
    }

    private static void putAll(Hashtable<String, Object> properties, String[] assignments) {
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("settings are key=value, not '" + assignment + "'");
            }
            String key = assignment.substring(0, equals);
            if (key.equals(ServiceProperties.ACCOUNT_ID) || key.equalsIgnoreCase("password")) {
                throw new IllegalArgumentException(key.equalsIgnoreCase("password")
                        ? "passwords are not settings: use account password <id> <password>"
                        : "the account id cannot be changed");
            }
            String value = assignment.substring(equals + 1);
            SettingValues.check(key, value);
            properties.put(key, value);
        }
    }

    private static String single(String[] args, String usage) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return args[0];
    }
}
