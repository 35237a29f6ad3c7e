package org.parley.sip.messaging.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sip.message.Response;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.Capability;
import org.parley.core.ServiceProperties;
import org.parley.core.UserDataDirectory;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
import org.parley.core.messaging.Messaging;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;

/**
 * Instant messages for every running SIP account, built only on the SIP bundle's extension point:
 * for each {@link SipAccountContext} it registers that account's {@link Messaging} service (with
 * {@link ServiceProperties#ACCOUNT_ID}, {@code parley.protocol=sip} and
 * {@link ServiceProperties#CAPABILITY} {@code =messaging}) and unregisters it when the context
 * leaves; as the {@link SipRequestHandler} for MESSAGE it answers the messages that come to those
 * accounts; every {@link MessageEvent} goes to the {@link MessageListener} whiteboard (listeners
 * with an account id hear only that account). Undelivered messages wait in an outbox file per
 * account under {@code <user data>/messaging/}. Stopping this bundle removes exactly these
 * services; starting it brings them back, with the undelivered messages failed and resendable.
 *
 * <p>
 * Framework property {@value #IDLE_TIMEOUT_PROPERTY}: seconds without typing after which the
 * user's typing state turns idle (RFC 3994 idle timeout; default 15).
 */
@Component(service = SipRequestHandler.class, immediate = true,
        property = SipRequestHandler.METHODS + "=MESSAGE")
public final class SipMessaging implements SipRequestHandler {

    static final String IDLE_TIMEOUT_PROPERTY = "parley.messaging.idleTimeout";
    private static final Logger LOG = Logger.getLogger(SipMessaging.class.getName());

    private final Map<MessageListener, Optional<String>> listeners = new ConcurrentHashMap<>();
    /** Contexts SCR bound, by account id; the last one bound for an account is the one served. */
    private final Map<String, SipAccountContext> contexts = new HashMap<>();
    private final Map<String, AccountMessaging> accounts = new ConcurrentHashMap<>();
    private final Map<String, ServiceRegistration<Messaging>> registrations = new HashMap<>();
    /** Outboxes by account id, opened once per activation (so a restarted account finds its in-flight messages). */
    private final Map<String, Outbox> outboxes = new HashMap<>();
    private BundleContext bundleContext;
    private Path directory;
    private Duration idleTimeout;
    private ScheduledExecutorService timers;

    @Activate
    synchronized void activate(BundleContext context) {
        bundleContext = context;
        directory = UserDataDirectory.of(context).resolve("messaging");
        String idle = context.getProperty(IDLE_TIMEOUT_PROPERTY);
        idleTimeout = Duration.ofSeconds(idle == null ? 15 : Long.parseLong(idle.strip()));
        timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-messaging-timers");
            thread.setDaemon(true);
            return thread;
        });
        contexts.values().forEach(this::start);
    }

    @Deactivate
    synchronized void deactivate() {
        registrations.values().forEach(SipMessaging::unregister);
        registrations.clear();
        accounts.values().forEach(AccountMessaging::close);
        accounts.clear();
        outboxes.values().forEach(Outbox::close);
        outboxes.clear();
        timers.shutdownNow();
        bundleContext = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + ServiceProperties.PROTOCOL + "=sip)")
    synchronized void addAccountContext(SipAccountContext context) {
        String id = context.accountId().value();
        SipAccountContext previous = contexts.put(id, context);
        if (bundleContext != null) {
            if (previous != null) {
                stop(id);
            }
            start(context);
        }
    }

    synchronized void removeAccountContext(SipAccountContext context) {
        String id = context.accountId().value();
        if (contexts.remove(id, context) && bundleContext != null) {
            stop(id);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMessageListener(MessageListener listener, Map<String, Object> properties) {
        listeners.put(listener,
                Optional.ofNullable(properties.get(ServiceProperties.ACCOUNT_ID)).map(String::valueOf));
    }

    void removeMessageListener(MessageListener listener) {
        listeners.remove(listener);
    }

    private void start(SipAccountContext context) {
        String id = context.accountId().value();
        Outbox outbox = outboxes.get(id);
        boolean firstTime = outbox == null;
        if (firstTime) {
            Path file = directory.resolve(URLEncoder.encode(id, StandardCharsets.UTF_8) + ".outbox");
            try {
                outbox = Outbox.open(file);
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "Messaging is not available for account " + id + ": its outbox " + file
                        + " cannot be read", e);
                return;
            }
            outboxes.put(id, outbox);
        }
        AccountMessaging messaging = new AccountMessaging(context, outbox, this::publish, timers, idleTimeout);
        if (firstTime) {
            messaging.failInterrupted();
        }
        accounts.put(id, messaging);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ACCOUNT_ID, id);
        properties.put(ServiceProperties.PROTOCOL, "sip");
        properties.put(ServiceProperties.CAPABILITY, Capability.MESSAGING.id());
        registrations.put(id, bundleContext.registerService(Messaging.class, messaging, properties));
    }

    private void stop(String id) {
        ServiceRegistration<Messaging> registration = registrations.remove(id);
        if (registration != null) {
            unregister(registration);
        }
        AccountMessaging messaging = accounts.remove(id);
        if (messaging != null) {
            messaging.close();
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework took it away with the bundle
        }
    }

    private void publish(MessageEvent event) {
        listeners.forEach((listener, wanted) -> {
            if (wanted.isEmpty() || wanted.get().equals(event.account().value())) {
                try {
                    listener.messageChanged(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A message listener failed on " + event, e);
                }
            }
        });
    }

    @Override
    public void handle(IncomingRequest request) throws Exception {
        AccountMessaging messaging = accounts.get(request.account().accountId().value());
        if (messaging == null) {
            request.respond(Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        try {
            messaging.handle(request);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "Could not take a message", e);
            throw e;
        }
    }
}
