package org.parley.console.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.ProtocolProvider;

/**
 * The {@code parley:} console commands that describe the running suite: its version, the
 * protocol providers, the accounts and the capabilities registered right now.
 */
@Component(service = ParleyCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=version",
        "osgi.command.function=providers",
        "osgi.command.function=accounts",
        "osgi.command.function=capabilities",
        "osgi.command.function=sleep" })
public final class ParleyCommands {

    private final BundleContext context;
    private final Map<ServiceReference<Account>, Account> accounts = new ConcurrentHashMap<>();
    private final Map<ServiceReference<ProtocolProvider>, ProtocolProvider> providers = new ConcurrentHashMap<>();

    @Activate
    public ParleyCommands(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccount(ServiceReference<Account> reference, Account account) {
        accounts.put(reference, account);
    }

    void removeAccount(ServiceReference<Account> reference) {
        accounts.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ServiceReference<ProtocolProvider> reference, ProtocolProvider provider) {
        providers.put(reference, provider);
    }

    void removeProvider(ServiceReference<ProtocolProvider> reference) {
        providers.remove(reference);
    }

    @Descriptor("prints the version of Parley, of the OSGi framework and of Java")
    public String version() {
        var framework = context.getBundle(0);
        return "Parley " + context.getBundle().getVersion()
                + " (" + framework.getSymbolicName() + " " + framework.getVersion()
                + ", Java " + System.getProperty("java.version") + ")";
    }

    @Descriptor("waits, for scripts: sleep <milliseconds> (at most 10 minutes)")
    public String sleep(long milliseconds) throws InterruptedException {
        if (milliseconds < 0 || milliseconds > 600_000) {
            throw new IllegalArgumentException("sleep takes 0 to 600000 milliseconds");
        }
        Thread.sleep(milliseconds);
        return null;
    }

    @Descriptor("lists the protocol providers accounts can be created for")
    public String providers() {
        List<List<String>> rows = new ArrayList<>();
        providers.values().stream()
                .sorted(Comparator.comparing(ProtocolProvider::protocol))
                .forEach(p -> rows.add(List.of(p.protocol(), p.displayName(), p.accountFactoryPid())));
        return Table.render(List.of("PROTOCOL", "NAME", "ACCOUNT FACTORY PID"), rows, "no protocol providers");
    }

    @Descriptor("lists the accounts and their registration state")
    public String accounts() {
        List<List<String>> rows = new ArrayList<>();
        accounts.values().stream()
                .sorted(Comparator.comparing(a -> a.id().value()))
                .forEach(a -> rows.add(List.of(a.id().value(), a.protocol(), a.address().uri(),
                        Describe.registration(a.registrationState()))));
        return Table.render(List.of("ACCOUNT", "PROTOCOL", "ADDRESS", "REGISTRATION"), rows, "no accounts");
    }

    @Descriptor("lists the capability services registered now, per account")
    public String capabilities() throws InvalidSyntaxException {
        List<List<String>> rows = new ArrayList<>();
        ServiceReference<?>[] references = context.getAllServiceReferences(null,
                "(" + ServiceProperties.CAPABILITY + "=*)");
        if (references != null) {
            for (ServiceReference<?> reference : references) {
                rows.add(List.of(
                        String.valueOf(reference.getProperty(ServiceProperties.CAPABILITY)),
                        Describe.property(reference.getProperty(ServiceProperties.ACCOUNT_ID), "(all)"),
                        reference.getBundle() == null ? "-" : reference.getBundle().getSymbolicName()));
            }
        }
        rows.sort(Comparator.comparing((List<String> row) -> row.get(0)).thenComparing(row -> row.get(1)));
        return Table.render(List.of("CAPABILITY", "ACCOUNT", "BUNDLE"), rows, "no capabilities");
    }
}
