package org.parley.xmpp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import org.osgi.framework.ServiceRegistration;
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
    void activate(XmppAccountConfig settings, BundleContext bundleContext) {
        this.config = settings;
        this.context = bundleContext;
        this.id = new AccountId(settings.parley_account_id());
        this.address = Address.parse(settings.address(), XmppProtocolProvider.PROTOCOL);
        this.jid = Jids.of(address);
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

    /** Not for XMPP accounts yet: they trust the certificates the system trusts, and never report one refused. */
    @Override
    public void trustCertificate(ServerCertificate certificate) {
        throw new UnsupportedOperationException("XMPP accounts trust the certificates the system trusts; " + id
                + " cannot pin one yet");
    }

    @Override
    public void trustCertificateThisTime(ServerCertificate certificate) {
        trustCertificate(certificate);
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
            retryLater(RegistrationState.FailureReason.UNREACHABLE, describe(unreachable));
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
        String server = config.server().strip();
        if (!server.isEmpty()) {
            int colon = server.lastIndexOf(':');
            String host = colon > 0 ? server.substring(0, colon) : server;
            int port = colon > 0 ? Integer.parseInt(server.substring(colon + 1)) : DEFAULT_PORT;
            builder.setHostAddress(InetAddress.getByName(host)).setPort(port);
        }
        return builder.build();
    }

    /** The connection broke after the login: the account is unreachable until the next attempt succeeds. */
    private void lost(Exception cause) {
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
