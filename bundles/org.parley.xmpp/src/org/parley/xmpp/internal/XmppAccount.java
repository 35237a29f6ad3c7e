package org.parley.xmpp.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.jxmpp.jid.BareJid;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;
import org.parley.core.contacts.ContactEvent;
import org.parley.core.contacts.ContactListener;
import org.parley.core.contacts.Contacts;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;
import org.parley.core.presence.Presence;
import org.parley.core.presence.PresenceListener;
import org.parley.tls.ServerTrust;

/**
 * An XMPP account (RFC 6120/6121 on Smack): one factory configuration of
 * {@value XmppProtocolProvider#ACCOUNT_FACTORY_PID}. It connects and logs in with the password from the
 * credential store ("registered" is logged in), tries again after a lost connection, and once logged in
 * offers the same capability services as any account: {@link Presence} (its contacts from the contact
 * list are watched through roster subscriptions) and {@link Messaging}.
 */
@Component(service = Account.class, immediate = true, configurationPid = XmppProtocolProvider.ACCOUNT_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = ServiceProperties.PROTOCOL + "=" + XmppProtocolProvider.PROTOCOL)
@Designate(ocd = XmppAccountConfig.class, factory = true)
public final class XmppAccount implements Account {

    private static final Logger LOG = Logger.getLogger(XmppAccount.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(15);
    private static final int DEFAULT_PORT = 5222;
    /** The configuration key of the certificate the user trusts (its SHA-256 fingerprint), as for SIP accounts. */
    static final String PINNED_CERTIFICATE = "tlsPinnedCertificate";
    /** A login lasts while the connection does: its "expiry" lies far ahead (RegistrationState.Registered). */
    private static final Instant LOGGED_IN = Instant.parse("9999-12-31T23:59:59Z");

    static {
        // Smack finds its XML parser through ServiceLoader, which does not see other bundles
        SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
    }

    private final Listeners<RegistrationListener> registrationListeners = new Listeners<>();
    private final Listeners<PresenceListener> presenceListeners = new Listeners<>();
    private final Listeners<MessageListener> messageListeners = new Listeners<>();
    private volatile CredentialStore credentials;
    private volatile ConfigurationAdmin configurations;
    /** Whom the account trusts over TLS; empty with security disabled. */
    private Optional<ServerTrust> trust = Optional.empty();
    private String configurationPid;
    private volatile Contacts contacts;
    private volatile RegistrationState state = new RegistrationState.Unregistered();
    private volatile boolean wanted = true;
    // set by activate(), after SCR has bound the references: the first login attempt finds the credential store
    private AccountId id;
    private Address address;
    private BareJid jid;
    private XmppAccountConfig config;
    private BundleContext context;
    private ScheduledExecutorService executor;
    private AbstractXMPPConnection connection;
    private XmppPresence presence;
    private XmppMessaging messaging;
    private ScheduledFuture<?> retry;
    private ServiceRegistration<?> presenceService;
    private ServiceRegistration<?> messagingService;
    private ServiceRegistration<ContactListener> contactListener;

    @Activate
    void activate(XmppAccountConfig settings, BundleContext bundleContext, Map<String, Object> properties) {
        this.config = settings;
        this.context = bundleContext;
        this.configurationPid = String.valueOf(properties.get(Constants.SERVICE_PID));
        this.id = new AccountId(settings.parley_account_id());
        this.address = Address.parse(settings.address(), XmppProtocolProvider.PROTOCOL);
        this.jid = Jids.of(address);
        this.trust = serverTrust(settings, jid.getDomain().toString());
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-xmpp-" + id);
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::connect);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCredentials(CredentialStore store) {
        credentials = store;
        if (executor != null && state instanceof RegistrationState.Failed failed
                && failed.reason() == RegistrationState.FailureReason.MISCONFIGURED) {
            executor.execute(this::connect);
        }
    }

    void unsetCredentials(CredentialStore store) {
        if (credentials == store) {
            credentials = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setContacts(Contacts list) {
        contacts = list;
        if (executor != null) {
            executor.execute(this::watchContacts);
        }
    }

    void unsetContacts(Contacts list) {
        if (contacts == list) {
            contacts = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRegistrationListener(RegistrationListener listener, Map<String, Object> properties) {
        registrationListeners.add(listener, properties);
    }

    void removeRegistrationListener(RegistrationListener listener) {
        registrationListeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPresenceListener(PresenceListener listener, Map<String, Object> properties) {
        presenceListeners.add(listener, properties);
    }

    void removePresenceListener(PresenceListener listener) {
        presenceListeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMessageListener(MessageListener listener, Map<String, Object> properties) {
        messageListeners.add(listener, properties);
    }

    void removeMessageListener(MessageListener listener) {
        messageListeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        wanted = false;
        try {
            executor.submit(() -> {
                unregisterServices();
                disconnect();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception notInTime) {
            LOG.warning("XMPP account " + id + " did not log out in time: " + notInTime);
        }
        executor.shutdownNow();
    }

    @Override
    public AccountId id() {
        return id;
    }

    @Override
    public String protocol() {
        return XmppProtocolProvider.PROTOCOL;
    }

    @Override
    public String displayName() {
        return config.displayName().isBlank() ? jid.toString() : config.displayName();
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public RegistrationState registrationState() {
        return state;
    }

    @Override
    public void register() {
        wanted = true;
        executor.execute(this::connect);
    }

    @Override
    public void unregister() {
        wanted = false;
        executor.execute(this::disconnect);
    }

    /** Stores the certificate's fingerprint with the account's settings, which restarts the account with it. */
    @Override
    public void trustCertificate(ServerCertificate certificate) {
        ConfigurationAdmin admin = configurations;
        if (admin == null) {
            throw new IllegalStateException("The trusted certificate of account " + id
                    + " cannot be stored: the configuration service is not running");
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + configurationPid + ")");
            if (found == null || found.length == 0) {
                throw new IllegalStateException("Account " + id + " has no configuration any more");
            }
            Dictionary<String, Object> settings = found[0].getProperties();
            settings.put(PINNED_CERTIFICATE, certificate.fingerprint());
            found[0].update(settings);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("Cannot store the trusted certificate of account " + id + ": "
                    + e.getMessage(), e);
        }
    }

    /** Trusts the certificate while this account runs, and logs in again. */
    @Override
    public void trustCertificateThisTime(ServerCertificate certificate) {
        trust.orElseThrow(() -> new UnsupportedOperationException(
                "Account " + id + " does not connect over TLS, so it has no certificate to trust"))
                .trustThisTime(certificate);
        register();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurations(ConfigurationAdmin admin) {
        configurations = admin;
    }

    void unsetConfigurations(ConfigurationAdmin admin) {
        if (configurations == admin) {
            configurations = null;
        }
    }

    /** On the account's thread: connects and logs in, or says why not and tries again later. */
    private void connect() {
        if (!wanted || (connection != null && connection.isAuthenticated())) {
            return;
        }
        cancelRetry();
        Optional<char[]> password = Optional.ofNullable(credentials).flatMap(store -> store.password(id));
        if (password.isEmpty()) {
            change(new RegistrationState.Failed(RegistrationState.FailureReason.MISCONFIGURED,
                    "no password stored (parley:account password " + id + " <password>)", Optional.empty()));
            return;
        }
        change(new RegistrationState.Registering());
        try {
            if (connection == null) {
                connection = new XMPPTCPConnection(configuration());
                connection.setReplyTimeout(10_000);
                connection.addConnectionListener(new ConnectionListener() {
                    @Override
                    public void connectionClosedOnError(Exception e) {
                        executor.execute(() -> lost(e));
                    }
                });
                presence = new XmppPresence(id, connection, executor, presenceListeners, this::mayWatchMe);
                messaging = new XmppMessaging(id, connection, executor, messageListeners);
            }
            trust.ifPresent(ServerTrust::forgetRefusal);
            // the password as stored now: the user may have corrected it since the last attempt
            connection.connect().login(jid.getLocalpartOrThrow().toString(), new String(password.get()));
            change(new RegistrationState.Registered(LOGGED_IN));
            registerServices();
            presence.sendOwn();
            watchContacts();
        } catch (SASLErrorException refused) {
            disconnectQuietly();
            change(new RegistrationState.Failed(RegistrationState.FailureReason.WRONG_CREDENTIALS,
                    "the server refused the password (" + describe(refused) + ")",
                    Optional.empty()));
        } catch (SmackException | IOException unreachable) {
            disconnectQuietly();
            // Smack tells a refused handshake as a timeout waiting for TLS: the trust manager knows better
            Optional<ServerTrust.Refusal> refusal = trust.flatMap(ServerTrust::lastRefusal);
            if (refusal.isPresent()) {
                // asking again brings the same certificate: the user decides (trustCertificate…)
                change(new RegistrationState.Failed(RegistrationState.FailureReason.CERTIFICATE_NOT_TRUSTED,
                        refusal.get().reason(), Optional.empty(), Optional.of(refusal.get().certificate())));
            } else {
                retryLater(RegistrationState.FailureReason.UNREACHABLE, describe(unreachable));
            }
        } catch (XMPPException refused) {
            disconnectQuietly();
            retryLater(RegistrationState.FailureReason.REJECTED, describe(refused));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError broken) {
            LOG.log(Level.SEVERE, "XMPP account " + id + " cannot connect", broken);
            disconnectQuietly();
            change(new RegistrationState.Failed(RegistrationState.FailureReason.REJECTED,
                    "the XMPP library failed: " + describe(broken),
                    Optional.empty()));
        } finally {
            Arrays.fill(password.get(), '\0');
        }
    }

    private XMPPTCPConnectionConfiguration configuration() throws IOException {
        XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(jid.asDomainBareJid())
                .setResource(config.resource())
                .setSecurityMode(switch (config.security()) {
                    case "disabled" -> ConnectionConfiguration.SecurityMode.disabled;
                    case "ifpossible" -> ConnectionConfiguration.SecurityMode.ifpossible;
                    default -> ConnectionConfiguration.SecurityMode.required;
                })
                .setSendPresence(false)
                .setConnectTimeout(10_000);
        // ServerTrust checks the certificate's names itself, unless the user trusted this very certificate
        trust.ifPresent(manager -> builder.setCustomX509TrustManager(manager).setHostnameVerifier((host, session) -> true));
        String server = config.server().strip();
        if (!server.isEmpty()) {
            int colon = server.lastIndexOf(':');
            String host = colon > 0 ? server.substring(0, colon) : server;
            int port = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : DEFAULT_PORT;
            builder.setHostAddress(InetAddress.getByName(host)).setPort(port);
        }
        return builder.build();
    }

    /** Whom the account trusts over TLS: the system's authorities, or the certificate the user pinned. */
    private Optional<ServerTrust> serverTrust(XmppAccountConfig settings, String domain) {
        if (settings.security().equals("disabled")) {
            return Optional.empty();
        }
        String pin = settings.tlsPinnedCertificate().strip();
        try {
            return Optional.of(ServerTrust.of(domain, pin.isEmpty() ? Optional.empty() : Optional.of(pin), Optional.empty()));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "XMPP account " + settings.parley_account_id()
                    + " uses the system's trust only: " + e.getMessage(), e);
            return Optional.empty();
        }
    }

    /** The connection broke after the login: the account is unreachable until the next attempt succeeds. */
    private void lost(Exception cause) {
        if (!(state instanceof RegistrationState.Registered)) {
            return; // a connection that breaks while connecting fails connect(), which tells why
        }
        retryLater(RegistrationState.FailureReason.UNREACHABLE, "the connection to the server was lost: "
                + describe(cause));
    }

    private void retryLater(RegistrationState.FailureReason reason, String detail) {
        if (!wanted) {
            return;
        }
        Instant at = Instant.now().plus(RETRY);
        change(new RegistrationState.Failed(reason, detail, Optional.of(at)));
        cancelRetry();
        retry = executor.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void disconnect() {
        cancelRetry();
        if (connection != null && connection.isConnected()) {
            connection.disconnect();
        }
        change(new RegistrationState.Unregistered());
    }

    private void disconnectQuietly() {
        if (connection != null && connection.isConnected()) {
            connection.disconnect();
        }
    }

    /** Whether someone who asks to see this account's presence may: a contact, or anyone by policy. */
    private boolean mayWatchMe(BareJid who) {
        if (config.presencePolicy().equals("accept")) {
            return true;
        }
        Contacts list = contacts;
        return list != null && list.find(id, Jids.address(who)).isPresent();
    }

    private void watchContacts() {
        Contacts list = contacts;
        if (list == null || presence == null || connection == null || !connection.isAuthenticated()) {
            return;
        }
        list.list(id).forEach(contact -> {
            if (contact.address().scheme().equals(XmppProtocolProvider.PROTOCOL)) {
                presence.watch(contact.address());
            }
        });
    }

    private void registerServices() {
        if (presenceService != null) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, id.value());
        properties.put(ServiceProperties.PROTOCOL, XmppProtocolProvider.PROTOCOL);
        properties.put(ServiceProperties.CAPABILITY, "presence");
        presenceService = context.registerService(Presence.class, presence, properties);
        properties.put(ServiceProperties.CAPABILITY, "messaging");
        messagingService = context.registerService(Messaging.class, messaging, properties);
        Hashtable<String, Object> listening = new Hashtable<>();
        listening.put(ServiceProperties.ACCOUNT_ID, id.value());
        contactListener = context.registerService(ContactListener.class, this::contactChanged, listening);
    }

    private void unregisterServices() {
        for (ServiceRegistration<?> registration : new ServiceRegistration<?>[] { presenceService, messagingService,
                contactListener }) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException gone) {
                    // the bundle is stopping
                }
            }
        }
        presenceService = null;
        messagingService = null;
        contactListener = null;
    }

    private void contactChanged(ContactEvent event) {
        XmppPresence watching = presence;
        if (watching == null) {
            return;
        }
        switch (event) {
            case ContactEvent.Added added when added.account().equals(id) -> watchIfXmpp(watching, added.contact().address());
            case ContactEvent.Changed changed when changed.account().equals(id) -> watchIfXmpp(watching,
                    changed.contact().address());
            case ContactEvent.Removed removed when removed.account().equals(id)
                    && removed.contact().address().scheme().equals(XmppProtocolProvider.PROTOCOL) -> watching
                            .unwatch(removed.contact().address());
            default -> {
                // another account's, or not an XMPP address
            }
        }
    }

    private static void watchIfXmpp(XmppPresence watching, Address contact) {
        if (contact.scheme().equals(XmppProtocolProvider.PROTOCOL)) {
            watching.watch(contact);
        }
    }

    private void change(RegistrationState next) {
        RegistrationState previous = state;
        state = next;
        if (!previous.equals(next)) {
            RegistrationEvent event = new RegistrationEvent(id, previous, next, Instant.now());
            registrationListeners.tell(id, listener -> listener.registrationChanged(event));
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
