package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.header.AllowHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.sip.extension.DialogResponse;
import org.parley.sip.extension.IncomingRequest;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;
import org.parley.testkit.sipp.Sipp;

/**
 * The SIP bundle's extension point against a real Kamailio (with its presence modules): the
 * {@link SipAccountContext} of alice sends MESSAGE, OPTIONS and SUBSCRIBE through Kamailio; bob's
 * (and alice's) {@link SipRequestHandler} services registered by this test bundle receive and
 * answer what comes in; handlers come and go at runtime; the context follows the SIP bundle.
 */
class SipExtensionTest {

    private static final Path WORK = AccountFixture.WORK;
    private static final long WAIT = AccountFixture.TIMEOUT.toMillis();

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-extensions",
            Map.of("alice", "alice-secret", "bob", "bob-secret"), builder -> builder.presence(true));

    private AccountFixture accounts;
    private final List<ServiceRegistration<?>> handlers = new ArrayList<>();

    @BeforeEach
    void createAccounts(org.junit.jupiter.api.TestInfo test) throws Exception {
        accounts = new AccountFixture();
        String name = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        accounts.createRegistered("alice", kamailio.sipUri("alice"), "alice-secret",
                kamailio.host() + ":" + kamailio.udpPort(), settings(name, "alice"));
        accounts.createRegistered("bob", kamailio.sipUri("bob"), "bob-secret",
                kamailio.host() + ":" + kamailio.udpPort(), settings(name, "bob"));
    }

    @AfterEach
    void removeAll() throws Exception {
        for (ServiceRegistration<?> registration : handlers) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test unregistered it
            }
        }
        accounts.close();
    }

    @Test
    void aMessageReachesTheHandlerOfItsAccountAndTheHandlersAnswerComesBack() throws Exception {
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        register(request -> {
            received.add(request);
            request.respond(Response.OK);
        }, "MESSAGE", null, "bob");

        SipAccountContext alice = context("alice");
        Request message = message(alice, kamailio.sipUri("bob"), "Hello, Bob. Grüße!");
        Response response = alice.send(message).toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(200, response.getStatusCode(), "the far end sees the handler's 200: " + response);

        IncomingRequest incoming = received.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(incoming, "bob's handler got the MESSAGE");
        assertEquals("bob", incoming.account().accountId().value());
        assertEquals("MESSAGE", incoming.request().getMethod());
        assertEquals("Hello, Bob. Grüße!", new String(incoming.request().getRawContent(), StandardCharsets.UTF_8));
        assertTrue(((FromHeader) incoming.request().getHeader(FromHeader.NAME)).getAddress().getURI().toString()
                .startsWith("sip:alice@"), incoming.request().toString());
        assertEquals(((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CallIdHeader) incoming.request().getHeader(CallIdHeader.NAME)).getCallId());
        assertTrue(incoming.answered());
        assertTrue(received.isEmpty(), "one MESSAGE, handled once");
    }

    @Test
    void aMessageToAnUnknownUserCompletesWithTheServersRefusal() throws Exception {
        SipAccountContext alice = context("alice");
        Response response = alice.send(message(alice, kamailio.sipUri("nobody"), "anyone?")).toCompletableFuture()
                .get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(404, response.getStatusCode(), "Kamailio knows no such user: " + response);
    }

    @Test
    void withoutAHandlerAMessageIsNotAllowedAndHandlersComingAndGoingChangeThatAtOnce() throws Exception {
        SipAccountContext alice = context("alice");
        Response before = send(alice, message(alice, kamailio.sipUri("bob"), "one"));
        assertEquals(405, before.getStatusCode(), "no handler: " + before);
        assertFalse(allowed(before).contains("MESSAGE"), "Allow without MESSAGE: " + before);
        assertTrue(allowed(before).contains("INVITE"), "Allow names the calls' methods: " + before);

        ServiceRegistration<SipRequestHandler> messages = register(request -> request.respond(Response.ACCEPTED),
                "MESSAGE", null, "bob");
        assertEquals(202, send(alice, message(alice, kamailio.sipUri("bob"), "two")).getStatusCode());

        Response options = send(alice, alice.newRequest(Request.OPTIONS,
                alice.addressFactory().createURI(kamailio.sipUri("bob"))));
        assertEquals(200, options.getStatusCode(), options.toString());
        assertTrue(allowed(options).contains("MESSAGE"), "bob allows MESSAGE now: " + options);
        assertTrue(options.getHeader("Allow-Events") == null, "no event package handled yet: " + options);
        ServiceRegistration<SipRequestHandler> presence = register(request -> request.respond(Response.OK),
                "SUBSCRIBE, NOTIFY", "presence", null);
        options = send(alice, alice.newRequest(Request.OPTIONS, alice.addressFactory().createURI(kamailio.sipUri("bob"))));
        assertEquals("presence", String.valueOf(options.getHeader("Allow-Events")).replaceFirst("(?i)^Allow-Events:", "").strip(),
                "a presence handler makes bob announce it: " + options);
        assertTrue(allowed(options).containsAll(List.of("SUBSCRIBE", "NOTIFY")), options.toString());
        presence.unregister();

        messages.unregister();
        Response after = send(alice, message(alice, kamailio.sipUri("bob"), "three"));
        assertEquals(405, after.getStatusCode(), "the handler left: " + after);
    }

    @Test
    void aHandlerThatThrowsGetsItsRequestAnswered500AndTheNextHandlerTheNextRequest() throws Exception {
        SipAccountContext alice = context("alice");
        ServiceRegistration<SipRequestHandler> failing = register(request -> {
            throw new IllegalStateException("broken plugin");
        }, "MESSAGE", null, "bob");
        Response failed = send(alice, message(alice, kamailio.sipUri("bob"), "boom"));
        assertEquals(500, failed.getStatusCode(), failed.toString());

        // a better-ranked handler for all accounts takes over while the failing one is still there
        Hashtable<String, Object> properties = new Hashtable<>(Map.of(SipRequestHandler.METHODS, "MESSAGE",
                org.osgi.framework.Constants.SERVICE_RANKING, 10));
        handlers.add(accounts.context.registerService(SipRequestHandler.class,
                request -> request.respond(Response.OK), properties));
        assertEquals(200, send(alice, message(alice, kamailio.sipUri("bob"), "fine")).getStatusCode());
        failing.unregister();
    }

    @Test
    void aSubscriptionToPresenceGetsItsNotifiesInTheDialogTheContextCreated() throws Exception {
        BlockingQueue<IncomingRequest> notifies = new LinkedBlockingQueue<>();
        register(request -> {
            notifies.add(request);
            request.respond(Response.OK);
        }, "NOTIFY", "presence", "alice");
        SipAccountContext alice = context("alice");

        Request subscribe = alice.newRequest(Request.SUBSCRIBE, alice.addressFactory().createURI(kamailio.sipUri("bob")));
        subscribe.addHeader(alice.headerFactory().createEventHeader("presence"));
        subscribe.addHeader(alice.headerFactory().createExpiresHeader(120));
        subscribe.addHeader(alice.headerFactory().createAcceptHeader("application", "pidf+xml"));
        DialogResponse subscribed = alice.sendCreatingDialog(subscribe).toCompletableFuture()
                .get(WAIT, TimeUnit.MILLISECONDS);
        assertTrue(subscribed.succeeded(), "Kamailio's presence server accepts (after the 407 challenge): "
                + subscribed.response());

        IncomingRequest first = notifies.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(first, "the NOTIFY of the new subscription reached alice's handler");
        assertEquals("presence", first.eventPackage().orElseThrow());
        assertTrue(first.dialog().isPresent(), "the NOTIFY came in a dialog");
        assertEquals(subscribed.dialog().getDialogId(), first.dialog().get().getDialogId(),
                "the dialog sendCreatingDialog made");
        SubscriptionStateHeader state = (SubscriptionStateHeader) first.request().getHeader(SubscriptionStateHeader.NAME);
        assertEquals("active", state.getState().toLowerCase(), first.request().toString());

        // un-SUBSCRIBE in the dialog: 200, then a last NOTIFY saying the subscription ended
        Request unsubscribe = alice.newRequest(subscribed.dialog(), Request.SUBSCRIBE);
        unsubscribe.addHeader(alice.headerFactory().createEventHeader("presence"));
        unsubscribe.addHeader(alice.headerFactory().createExpiresHeader(0));
        Response ended = alice.sendInDialog(subscribed.dialog(), unsubscribe).toCompletableFuture()
                .get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(200, ended.getStatusCode(), ended.toString());
        IncomingRequest last = notifies.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(last, "the final NOTIFY arrived");
        assertEquals(subscribed.dialog().getDialogId(), last.dialog().orElseThrow().getDialogId());
        assertEquals("terminated", ((SubscriptionStateHeader) last.request().getHeader(SubscriptionStateHeader.NAME))
                .getState().toLowerCase(), last.request().toString());
    }

    @Test
    void aNotifyThatOvertakesTheSubscribesOkStillBelongsToItsDialog() throws Exception {
        Map<String, String> settings = settings("notifyFirst", "carol");
        settings.putAll(Map.of("register", "false", "localAddress", "127.0.0.1", "localPort", String.valueOf(freePort())));
        accounts.create("carol", "sip:carol@127.0.0.1", null, settings);
        BlockingQueue<IncomingRequest> notifies = new LinkedBlockingQueue<>();
        register(request -> {
            notifies.add(request);
            request.respond(Response.OK);
        }, "NOTIFY", "presence", "carol");
        SipAccountContext carol = context("carol");

        try (Sipp server = Sipp.scenario("uas-notify-before-ok.xml").workDir(WORK.resolve("sipp"))
                .timeout(java.time.Duration.ofSeconds(30)).start()) {
            Request subscribe = carol.newRequest(Request.SUBSCRIBE,
                    carol.addressFactory().createURI(server.uri("service")));
            subscribe.addHeader(carol.headerFactory().createEventHeader("presence"));
            subscribe.addHeader(carol.headerFactory().createExpiresHeader(120));
            CompletableFuture<DialogResponse> subscribing = carol.sendCreatingDialog(subscribe).toCompletableFuture();

            IncomingRequest first = notifies.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(first, "the NOTIFY sent before the 200 OK reached carol's handler");
            DialogResponse subscribed = subscribing.get(WAIT, TimeUnit.MILLISECONDS);
            assertEquals(200, subscribed.response().getStatusCode(), subscribed.response().toString());
            assertTrue(first.dialog().isPresent(), "the early NOTIFY came in a dialog");
            assertEquals(subscribed.dialog().getDialogId(), first.dialog().get().getDialogId(),
                    "the dialog sendCreatingDialog made");

            Request unsubscribe = carol.newRequest(subscribed.dialog(), Request.SUBSCRIBE);
            unsubscribe.addHeader(carol.headerFactory().createEventHeader("presence"));
            unsubscribe.addHeader(carol.headerFactory().createExpiresHeader(0));
            assertEquals(200, carol.sendInDialog(subscribed.dialog(), unsubscribe).toCompletableFuture()
                    .get(WAIT, TimeUnit.MILLISECONDS).getStatusCode());
            IncomingRequest last = notifies.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(last, "the final NOTIFY arrived");
            assertEquals(subscribed.dialog().getDialogId(), last.dialog().orElseThrow().getDialogId());
            Sipp.Result result = server.await(java.time.Duration.ofSeconds(30));
            assertTrue(result.succeeded(), result.toString());
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void theAccountContextFollowsTheSipBundle() throws Exception {
        SipAccountContext before = context("alice");
        Bundle sip = Arrays.stream(accounts.context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().equals("org.parley.sip")).findFirst().orElseThrow();
        sip.stop();
        try {
            assertTrue(accounts.context.getServiceReferences(SipAccountContext.class, null).isEmpty(),
                    "no SipAccountContext while org.parley.sip is stopped");
        } finally {
            accounts.clearEvents();
            sip.start();
        }
        accounts.await("alice", AccountFixture::registered, "registered after the restart");
        accounts.await("bob", AccountFixture::registered, "registered after the restart");
        SipAccountContext after = context("alice");
        assertNotSame(before, after, "a new context for the new stack");
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        register(request -> {
            received.add(request);
            request.respond(Response.OK);
        }, "MESSAGE", null, "bob");
        assertEquals(200, send(after, message(after, kamailio.sipUri("bob"), "back")).getStatusCode());
        assertNotNull(received.poll(WAIT, TimeUnit.MILLISECONDS));
    }

    private ServiceRegistration<SipRequestHandler> register(SipRequestHandler handler, String methods, String events,
            String account) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SipRequestHandler.METHODS, methods);
        if (events != null) {
            properties.put(SipRequestHandler.EVENTS, events);
        }
        if (account != null) {
            properties.put(ServiceProperties.ACCOUNT_ID, account);
        }
        ServiceRegistration<SipRequestHandler> registration = accounts.context.registerService(SipRequestHandler.class,
                handler, properties);
        handlers.add(registration);
        return registration;
    }

    private SipAccountContext context(String account) throws Exception {
        ServiceTracker<SipAccountContext, SipAccountContext> tracker = new ServiceTracker<>(accounts.context,
                accounts.context.createFilter("(&(objectClass=" + SipAccountContext.class.getName() + ")("
                        + ServiceProperties.ACCOUNT_ID + "=" + account + "))"), null);
        tracker.open();
        try {
            SipAccountContext context = tracker.waitForService(WAIT);
            assertNotNull(context, "the SipAccountContext of " + account + " appears");
            return context;
        } finally {
            tracker.close();
        }
    }

    private static Request message(SipAccountContext from, String to, String text) throws Exception {
        Request message = from.newRequest(Request.MESSAGE, from.addressFactory().createURI(to));
        var type = from.headerFactory().createContentTypeHeader("text", "plain");
        type.setParameter("charset", "UTF-8");
        message.setContent(text.getBytes(StandardCharsets.UTF_8), type);
        return message;
    }

    private static Response send(SipAccountContext from, Request request) throws Exception {
        return from.send(request).toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
    }

    private static List<String> allowed(Response response) {
        List<String> methods = new ArrayList<>();
        response.getHeaders(AllowHeader.NAME).forEachRemaining(header -> {
            for (String method : ((AllowHeader) header).getMethod().split(",")) {
                methods.add(method.strip());
            }
        });
        return methods;
    }

    /** Settings with a SIP trace per test and account, in {@code WORK/extensions/}. */
    private static Map<String, String> settings(String test, String account) throws Exception {
        Path trace = WORK.resolve("extensions").resolve(test + "-" + account + ".log");
        Files.createDirectories(trace.getParent());
        Files.deleteIfExists(trace);
        return new HashMap<>(Map.of("keepAliveInterval", "0", "sipTrace", "true", "sipTraceFile", trace.toString()));
    }
}
