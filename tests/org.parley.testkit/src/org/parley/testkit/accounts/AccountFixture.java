package org.parley.testkit.accounts;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.account.RegistrationState;
import org.parley.core.telephony.Telephony;

/**
 * Creates SIP accounts the way the suite does (a ConfigurationAdmin factory configuration plus a
 * password in the credential store) and records the registration events of each account in a
 * queue of its own, for tests.
 */
public final class AccountFixture implements AutoCloseable {

    public static final String FACTORY_PID = "org.parley.sip.account";
    /** Where tests put their Kamailio, traces and recordings (the build sets it under target/). */
    public static final java.nio.file.Path WORK = java.nio.file.Path.of(System.getProperty("parley.test.work", "target/work-sip"));
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    public final BundleContext context = kitContext();
    private final Map<String, BlockingQueue<RegistrationEvent>> events = new ConcurrentHashMap<>();
    private final ServiceRegistration<RegistrationListener> listener;
    private final List<Configuration> created = new ArrayList<>();

    public AccountFixture() {
        listener = context.registerService(RegistrationListener.class,
                event -> queue(event.account().value()).add(event), new Hashtable<>());
    }

    /** Creates an account; {@code settings} are configuration properties (values as strings, as the console writes them). */
    public Configuration create(String id, String address, String password, Map<String, String> settings)
            throws IOException, InterruptedException {
        if (password != null) {
            service(CredentialStore.class).storePassword(new AccountId(id), password.toCharArray());
        } else {
            service(CredentialStore.class).forgetPassword(new AccountId(id));
        }
        Hashtable<String, Object> properties = new Hashtable<>(settings);
        properties.put(ServiceProperties.ACCOUNT_ID, id);
        properties.put("address", address);
        Configuration configuration = service(ConfigurationAdmin.class).getFactoryConfiguration(FACTORY_PID, id, "?");
        configuration.update(properties);
        created.add(configuration);
        return configuration;
    }

    /** Starts a Kamailio of the test kit in {@code WORK/<name>} with the given users and passwords. */
    public static org.parley.testkit.kamailio.KamailioServer startKamailio(String name, Map<String, String> users)
            throws IOException {
        java.nio.file.Files.createDirectories(WORK);
        return org.parley.testkit.kamailio.KamailioServer.start(WORK.resolve(name), users);
    }

    /** Creates an account with a password and waits until it is registered through {@code registrar}. */
    public void createRegistered(String id, String address, String password, String registrar, Map<String, String> settings)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("registrar", registrar);
        create(id, address, password, all);
        await(id, AccountFixture::registered, "registered");
    }

    /** The account's service, waiting for it to appear. */
    public Account account(String id) throws Exception {
        ServiceTracker<Account, Account> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + Account.class.getName() + ")("
                        + ServiceProperties.ACCOUNT_ID + "=" + id + "))"), null);
        tracker.open();
        try {
            Account account = tracker.waitForService(TIMEOUT.toMillis());
            assertNotNull(account, "the Account service of " + id + " appears");
            return account;
        } finally {
            tracker.close();
        }
    }

    /** The account's Telephony service, waiting for the account to appear; exactly one is expected. */
    public Telephony telephony(String id) throws Exception {
        account(id);
        var references = context.getServiceReferences(Telephony.class, "(" + ServiceProperties.ACCOUNT_ID + "=" + id + ")");
        org.junit.jupiter.api.Assertions.assertEquals(1, references.size(), "one Telephony service for " + id);
        return context.getService(references.iterator().next());
    }

    /** Whether an Account service for {@code id} is registered right now. */
    public boolean accountRegistered(String id) throws Exception {
        return context.getServiceReferences(Account.class, "(" + ServiceProperties.ACCOUNT_ID + "=" + id + ")")
                .size() > 0;
    }

    /** The next registration event of {@code id} matching {@code wanted}; earlier ones are skipped. */
    public RegistrationEvent await(String id, Predicate<RegistrationState> wanted, String what) throws InterruptedException {
        return await(id, wanted, what, TIMEOUT);
    }

    /** The next registration event of {@code id} matching {@code wanted} within {@code timeout}; earlier ones are skipped. */
    public RegistrationEvent await(String id, Predicate<RegistrationState> wanted, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RegistrationEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            RegistrationEvent event = queue(id).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (wanted.test(event.current())) {
                return event;
            }
        }
        return fail(id + " did not become " + what + " within " + timeout.toSeconds() + " s; events: " + seen
                + "; SIP components: " + sipComponents());
    }

    /** What SCR says about the SIP bundle's components: their state and any activation failure. */
    /** The test kit's own context; the kit is only resolved in a test runtime, so it is started first. */
    private static BundleContext kitContext() {
        org.osgi.framework.Bundle kit = FrameworkUtil.getBundle(AccountFixture.class);
        try {
            kit.start(org.osgi.framework.Bundle.START_TRANSIENT);
        } catch (org.osgi.framework.BundleException e) {
            throw new IllegalStateException("cannot start the test kit bundle: " + e.getMessage(), e);
        }
        return kit.getBundleContext();
    }

    private String sipComponents() {
        try {
            ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
            StringBuilder out = new StringBuilder();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (description.bundle.symbolicName.equals("org.parley.sip")) {
                    out.append(description.name).append(" enabled=").append(scr.isComponentEnabled(description));
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        out.append(" state=").append(configuration.state);
                        if (configuration.failure != null) {
                            out.append(" failure=").append(configuration.failure);
                        }
                    }
                    out.append("; ");
                }
            }
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The events of {@code id} that arrive within {@code quiet}. */
    public List<RegistrationEvent> eventsWithin(String id, Duration quiet) throws InterruptedException {
        List<RegistrationEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            RegistrationEvent event = queue(id).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null) {
                seen.add(event);
            }
        }
        return seen;
    }

    public void clearEvents() {
        events.values().forEach(BlockingQueue::clear);
    }

    private BlockingQueue<RegistrationEvent> queue(String account) {
        return events.computeIfAbsent(account, key -> new LinkedBlockingQueue<>());
    }

    public <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TIMEOUT.toMillis());
        assertNotNull(service, type.getSimpleName() + " is available");
        return service;
    }

    public static boolean registered(RegistrationState state) {
        return state instanceof RegistrationState.Registered;
    }

    public static boolean unregistered(RegistrationState state) {
        return state instanceof RegistrationState.Unregistered;
    }

    @Override
    public void close() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Configuration configuration : created) {
            try {
                ids.add(String.valueOf(configuration.getProperties().get(ServiceProperties.ACCOUNT_ID)));
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test removed it itself
            }
        }
        // Configuration Admin tells SCR on its own thread: the next test must not find these accounts
        // (a new account of the same id would otherwise meet the old one's services on their way out)
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String id : ids) {
            while (accountRegistered(id) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        listener.unregister();
    }
}
