package org.parley.sip.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sip.SipException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;
import org.parley.core.account.ServerCertificate;
import org.parley.core.media.MediaEngine;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.Telephony;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;


import gov.nist.javax.sip.clientauthutils.UserCredentialHash;

import org.parley.sip.internal.auth.DigestAuthentication;
import org.parley.sip.internal.location.JndiDns;
import org.parley.sip.internal.location.LocationException;
import org.parley.sip.internal.location.ServerLocation;
import org.parley.sip.internal.location.ServerLocator;
import org.parley.sip.internal.location.Target;
import org.parley.tls.ServerTrust;

/**
 * One SIP account, created by SCR for each factory configuration of
 * {@value SipProtocolProvider#ACCOUNT_FACTORY_PID}. It owns the account's SIP stack, its
 * registration and its calls, registered as the account's {@link Account} and {@link Telephony}
 * services, and tells {@link RegistrationListener} and {@link CallListener} services about every
 * change. Removing the configuration, or stopping this bundle, ends the calls and unregisters the
 * account before the stack stops.
 */
@Component(service = { Account.class, Telephony.class }, immediate = true,
        configurationPid = SipProtocolProvider.ACCOUNT_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { ServiceProperties.PROTOCOL + "=" + SipProtocolProvider.PROTOCOL,
                ServiceProperties.CAPABILITY + "=telephony" })
@Designate(ocd = SipAccountConfig.class, factory = true)
public final class SipAccount implements Account, Telephony {

    /** Framework (or system) property: the DNS server ({@code host[:port]}) that locates SIP servers. */
    static final String DNS_SERVER_PROPERTY = "parley.sip.dnsServer";
    private static final Duration UNREGISTER_WAIT = Duration.ofSeconds(3);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(5);
    /** Ending calls closes their media, which libjitsi may take up to 3 s to give up on. */
    private static final Duration HANG_UP_WAIT = Duration.ofSeconds(5);

    private final ConfigurationAdmin configurations;
    private final String configurationPid;
    private final AccountId id;
    private final Address address;
    private final String displayName;
    private final ScheduledExecutorService executor;
    private final Whiteboard<RegistrationListener> registrationListeners = new Whiteboard<>();
    private final Whiteboard<CallListener> callListeners = new Whiteboard<>();
    private volatile CredentialStore credentials;
    private volatile Optional<AccountCredentials> accountCredentials = Optional.empty();
    private volatile ComponentServiceObjects<MediaEngine> media;
    private volatile CallManager calls;
    /** Completes when the stack is up (or failed to come up): calls and shutdown wait for it. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile RegistrationState failedToStart;
    private volatile Registration registration;
    private volatile SipEndpoint endpoint;
    private volatile Optional<ServerTrust> trust = Optional.empty();
    private final RequestHandlers requestHandlers = new RequestHandlers();
    /** Where extension handlers run: one thread, so an account's requests reach them in order. */
    private final ExecutorService extensionExecutor;
    /** Where the stages of extensions' requests complete (never JAIN-SIP's or a handler's thread). */
    private final ExecutorService completions;
    /** Guards the {@link SipAccountContext} service against a stop that overtakes the start. */
    private final Object contextLock = new Object();
    private boolean stopping;
    private AccountContext accountContext;
    private ServiceRegistration<SipAccountContext> contextRegistration;

    @Activate
    public SipAccount(SipAccountConfig config, BundleContext context, Map<String, Object> properties,
            @Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
        this.configurationPid = String.valueOf(properties.get(Constants.SERVICE_PID));
        this.id = new AccountId(config.parley_account_id());
        this.address = Address.parse(config.address(), "sip");
        this.displayName = config.displayName();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-sip-" + id);
            thread.setDaemon(true);
            return thread;
        });
        this.extensionExecutor = Executors.newSingleThreadExecutor(daemon("parley-sip-" + id + "-extensions"));
        this.completions = Executors.newCachedThreadPool(daemon("parley-sip-" + id + "-responses"));
        executor.execute(() -> {
            try {
                start(config, context);
            } finally {
                started.complete(null);
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCredentials(CredentialStore store) {
        credentials = store;
        accountCredentials.ifPresent(AccountCredentials::forgetAll);
    }

    void unsetCredentials(CredentialStore store) {
        if (credentials == store) {
            credentials = null;
            accountCredentials.ifPresent(AccountCredentials::forgetAll);
        }
    }

    /** Bound without getting the engine: libjitsi starts only when the first call needs it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMedia(ComponentServiceObjects<MediaEngine> engine) {
        media = engine;
    }

    void unsetMedia(ComponentServiceObjects<MediaEngine> engine) {
        if (media == engine) {
            media = null;
            CallManager current = calls;
            if (current != null) {
                current.mediaStopped();
            }
        }
    }

    private Optional<MediaEngine> mediaEngine() {
        ComponentServiceObjects<MediaEngine> current = media;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(current.getService());
        } catch (IllegalStateException gone) {
            return Optional.empty();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRegistrationListener(RegistrationListener listener, Map<String, Object> properties) {
        registrationListeners.add(listener, properties);
    }

    void removeRegistrationListener(RegistrationListener listener) {
        registrationListeners.remove(listener);
    }

    /** The whiteboard of {@link SipRequestHandler}s: requests go to those bound when they arrive. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedRequestHandler")
    void addRequestHandler(SipRequestHandler handler, Map<String, Object> properties) {
        requestHandlers.add(handler, properties);
    }

    void updatedRequestHandler(SipRequestHandler handler, Map<String, Object> properties) {
        requestHandlers.add(handler, properties);
    }

    void removeRequestHandler(SipRequestHandler handler) {
        requestHandlers.remove(handler);
    }

    private static ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCallListener(CallListener listener, Map<String, Object> properties) {
        callListeners.add(listener, properties);
    }

    void removeCallListener(CallListener listener) {
        callListeners.remove(listener);
    }

    /** Builds the stack and registers; a setting that cannot work leaves the account failed, with the reason. */
    private void start(SipAccountConfig config, BundleContext context) {
        try {
            AccountSettings settings = AccountSettings.from(config);
            SipTrace trace = settings.trace() ? SipTrace.to(traceFile(settings, context)) : SipTrace.off();
            ServerLocation server = serverLocation(settings, context);
            InetAddress local = localAddressFor(settings, server);
            Path logs = UserDataDirectory.of(context).resolve("logs");
            java.nio.file.Files.createDirectories(logs);
            trust = serverTrust(settings);
            endpoint = new SipEndpoint(id.value(), local, settings.localPort(), settings.transport(),
                    settings.requestRoute(), server, trust, trace,
                    logs.resolve("jain-sip-" + id.value() + ".log"));
            if (executor.isShutdown()) {
                // stop() gave up waiting for this start (DNS was slow) and will not close the stack
                endpoint.close();
                return;
            }
            AccountCredentials secrets = new AccountCredentials(settings.authUser(), this::storedPassword);
            accountCredentials = Optional.of(secrets);
            DigestAuthentication authentication = new DigestAuthentication(secrets, endpoint.headers,
                    endpoint.authentication((transaction, realm) -> hashFor(settings, secrets, realm)));
            registration = new Registration(settings, endpoint, server, executor, authentication,
                    (previous, current) -> publish(previous, current), Clock.systemUTC());
            calls = new CallManager(settings, endpoint, executor, authentication,
                    this::mediaEngine, this::storedTurnPassword, callListeners);
            if (settings.registerOnStart()) {
                registration.register();
            }
            new KeepAlive(settings, endpoint, server, registration, executor).start();
            AccountContext extensions = new AccountContext(settings, endpoint, authentication, completions);
            ExtensionRequests others = new ExtensionRequests(extensions, requestHandlers, extensionExecutor);
            endpoint.handleOthers(others);
            calls.allowed(others::allowed);
            registerContext(extensions, context);
        } catch (IllegalArgumentException | SipException | IOException e) {
            failToStart(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            failToStart("the SIP stack failed to start: " + e);
        }
    }

    /** How a TLS account decides to trust its server; empty for other transports. */
    private static Optional<ServerTrust> serverTrust(AccountSettings settings) throws IOException {
        if (settings.transport() != Transport.TLS) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerTrust.of(settings.firstHop().host(), settings.pinnedCertificate(),
                    settings.tlsCaFile()));
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("tlsCaFile: " + e.getMessage(), e);
        }
    }

    private void failToStart(String reason) {
        RegistrationState failed = new RegistrationState.Failed(FailureReason.MISCONFIGURED, reason, Optional.empty());
        failedToStart = failed;
        publish(new RegistrationState.Unregistered(), failed);
    }

    /** Offers the running account to extensions, unless the account is stopping already. */
    private void registerContext(AccountContext extensions, BundleContext context) {
        synchronized (contextLock) {
            if (stopping) {
                return;
            }
            accountContext = extensions;
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(ServiceProperties.ACCOUNT_ID, id.value());
            properties.put(ServiceProperties.PROTOCOL, SipProtocolProvider.PROTOCOL);
            contextRegistration = context.registerService(SipAccountContext.class, extensions, properties);
        }
    }

    /** Withdraws the account from extensions before its stack stops; their pending requests fail. */
    private void unregisterContext() {
        synchronized (contextLock) {
            stopping = true;
            if (contextRegistration != null) {
                try {
                    contextRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle stopped and the framework unregistered it
                }
                contextRegistration = null;
            }
            if (accountContext != null) {
                accountContext.close();
            }
        }
    }

    @Deactivate
    void stop() {
        unregisterContext();
        awaitStarted();
        CallManager currentCalls = calls;
        if (currentCalls != null) {
            try {
                // before returning, so that listeners hear of the ended calls while they are still bound
                executor.submit(currentCalls::hangUpAll).get(HANG_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the calls' far ends notice by themselves
            }
            currentCalls.mediaClosing().finish(HANG_UP_WAIT);
        }
        Registration current = registration;
        if (current != null) {
            try {
                current.unregister().get(UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the server did not confirm in time; its binding will simply expire
            }
        }
        executor.shutdownNow();
        extensionExecutor.shutdownNow();
        completions.shutdown();
        SipEndpoint current2 = endpoint;
        if (current2 != null) {
            current2.close();
        }
    }

    @Override
    public AccountId id() {
        return id;
    }

    @Override
    public String protocol() {
        return SipProtocolProvider.PROTOCOL;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public RegistrationState registrationState() {
        Registration current = registration;
        if (current != null) {
            return current.state();
        }
        RegistrationState failed = failedToStart;
        return failed != null ? failed : new RegistrationState.Unregistered();
    }

    @Override
    public void register() {
        Registration current = registration;
        if (current != null) {
            current.register();
        }
    }

    @Override
    public void unregister() {
        Registration current = registration;
        if (current != null) {
            current.unregister();
        }
    }

    /** Stores the pin in the account's configuration; SCR then restarts the account with it, which registers. */
    @Override
    public void trustCertificate(ServerCertificate certificate) {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=" + configurationPid + ")");
            if (found == null || found.length == 0) {
                throw new IllegalStateException("Account " + id + " has no configuration any more");
            }
            Dictionary<String, Object> settings = found[0].getProperties();
            settings.put("tlsPinnedCertificate", certificate.fingerprint());
            found[0].update(settings);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("Cannot store the trusted certificate of account " + id + ": "
                    + e.getMessage(), e);
        }
    }

    /** Trusts the certificate in this run's {@link ServerTrust} only, and registers again. */
    @Override
    public void trustCertificateThisTime(ServerCertificate certificate) {
        awaitStarted();
        trust.orElseThrow(() -> new UnsupportedOperationException(
                "Account " + id + " does not connect over TLS, so it has no certificate to trust"))
                .trustThisTime(certificate);
        register();
    }

    @Override
    public Call call(Address peer) {
        awaitStarted();
        CallManager current = calls;
        if (current == null) {
            throw new IllegalStateException("Account " + id + " cannot place calls: " + registrationState());
        }
        return current.call(peer);
    }

    @Override
    public List<Call> calls() {
        CallManager current = calls;
        return current == null ? List.of() : current.calls();
    }

    private void awaitStarted() {
        try {
            started.get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // go on with whatever is there
        }
    }

    private Optional<char[]> storedTurnPassword() {
        CredentialStore store = credentials;
        return store == null ? Optional.empty() : store.turnPassword(id);
    }

    private Optional<char[]> storedPassword() {
        CredentialStore store = credentials;
        return store == null ? Optional.empty() : store.password(id);
    }

    private UserCredentialHash hashFor(AccountSettings settings, AccountCredentials secrets, String realm) {
        String ha1 = secrets.ha1(realm).orElseThrow(() -> new MissingPasswordException(id.value()));
        return new UserCredentialHash() {
            @Override
            public String getUserName() {
                return settings.authUser();
            }

            @Override
            public String getSipDomain() {
                return settings.domain();
            }

            @Override
            public String getHashUserDomainPassword() {
                return ha1;
            }
        };
    }

    private void publish(RegistrationState previous, RegistrationState current) {
        RegistrationEvent event = new RegistrationEvent(id, previous, current, java.time.Instant.now());
        registrationListeners.publish(id, listener -> listener.registrationChanged(event));
    }

    /**
     * Where the account's server is: its outbound proxy, else its registrar, located by RFC 3263
     * through the DNS server of the framework property {@value #DNS_SERVER_PROPERTY} (host[:port]),
     * else the system's; looked up again after a registration interval.
     */
    private ServerLocation serverLocation(AccountSettings settings, BundleContext context) {
        String configured = context.getProperty(DNS_SERVER_PROPERTY);
        if (configured == null) {
            configured = System.getProperty(DNS_SERVER_PROPERTY, "");
        }
        JndiDns dns = JndiDns.system();
        if (!configured.isBlank()) {
            HostPort dnsServer;
            try {
                dnsServer = HostPort.parse(configured);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DNS_SERVER_PROPERTY + ": " + e.getMessage(), e);
            }
            dns = JndiDns.server(dnsServer.host(), dnsServer.portOr(53));
        }
        HostPort server = settings.firstHop();
        return new ServerLocation(server.host(), server.port(), settings.transport().service(),
                new ServerLocator(dns, new Random()), settings.expiry(), Clock.systemUTC(), executor);
    }

    /**
     * The configured local address, or the one the system would use to reach the server. Before
     * the server is found (DNS fails), the one of the default route: the registration says why it
     * fails, and retries.
     */
    private static InetAddress localAddressFor(AccountSettings settings, ServerLocation server) throws IOException {
        if (!settings.localAddress().isEmpty()) {
            return InetAddress.getByName(settings.localAddress());
        }
        Target target;
        try {
            target = server.locate();
        } catch (LocationException e) {
            return LocalAccountProvisioner.lanAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target.address(), target.port());
            return probe.getLocalAddress();
        }
    }

    private static Path traceFile(AccountSettings settings, BundleContext context) {
        return settings.traceFile().isEmpty()
                ? UserDataDirectory.of(context).resolve("logs").resolve("sip-" + settings.id().value() + ".log")
                : Path.of(settings.traceFile());
    }
}
