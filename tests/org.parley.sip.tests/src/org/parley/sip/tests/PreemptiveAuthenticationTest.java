package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.message.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * Preemptive digest authentication against a real Kamailio: once a realm has challenged the
 * account, its next requests carry credentials with the next nonce count and are not challenged
 * again; the password is read from the credential store once, not at every challenge.
 */
class PreemptiveAuthenticationTest {

    static final long WAIT = AccountFixture.TIMEOUT.toMillis();

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-preemptive",
            Map.of("alice", "alice-secret", "bob", "bob-secret"));

    private AccountFixture accounts;
    private Path trace;
    private ServiceRegistration<?> bobAnswers;
    private ServiceRegistration<?> countingStore;
    private final AtomicInteger passwordReads = new AtomicInteger();

    @BeforeEach
    void start(TestInfo test) throws Exception {
        accounts = new AccountFixture();
        trace = traceFile("preemptive", test);
        bobAnswers = accounts.context.registerService(SipRequestHandler.class, request -> request.respond(200),
                new Hashtable<>(Map.of(SipRequestHandler.METHODS, "MESSAGE", ServiceProperties.ACCOUNT_ID, "bob")));
    }

    @AfterEach
    void stop() throws Exception {
        bobAnswers.unregister();
        accounts.close();
        if (countingStore != null) {
            countingStore.unregister();
        }
    }

    @Test
    void theMessagesAfterTheFirstChallengeAreNotChallenged() throws Exception {
        registerAliceAndBob();
        SipAccountContext alice = context(accounts, "alice");
        for (int i = 0; i < 6; i++) {
            assertEquals(200, send(alice, message(alice, kamailio.sipUri("bob"), "hello " + i)));
        }
        String sent = Files.readString(trace);
        assertEquals(1, count(sent, "SIP/2.0 407"), "only the first MESSAGE is challenged:\n" + sent);
        assertEquals(7, count(sent, "MESSAGE sip:"), "six MESSAGEs and one answer to the challenge");
    }

    @Test
    void registeringAgainIsNotChallenged() throws Exception {
        registerAliceAndBob();
        for (int i = 0; i < 2; i++) {
            accounts.clearEvents();
            accounts.account("alice").register();
            accounts.await("alice", AccountFixture::registered, "registered again");
        }
        String sent = Files.readString(trace);
        assertEquals(1, count(sent, "SIP/2.0 401"), "only the first REGISTER is challenged:\n" + sent);
        assertEquals(4, count(sent, "REGISTER sip:"), "two REGISTERs, one answer to the challenge, one refresh more");
    }

    @Test
    void thePasswordIsReadFromTheStoreOnceForAllRequests() throws Exception {
        CredentialStore store = accounts.service(CredentialStore.class);
        countingStore = accounts.context.registerService(CredentialStore.class, new CountingStore(store, passwordReads),
                new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
        registerAliceAndBob();
        SipAccountContext alice = context(accounts, "alice");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send(alice, message(alice, kamailio.sipUri("bob"), "hello " + i)));
        }
        accounts.account("alice").register();
        assertEquals(1, passwordReads.get(), "one read for the REGISTER and the MESSAGEs of one realm");
    }

    private void registerAliceAndBob() throws Exception {
        String registrar = kamailio.host() + ":" + kamailio.udpPort();
        accounts.createRegistered("bob", kamailio.sipUri("bob"), "bob-secret", registrar,
                Map.of("keepAliveInterval", "0"));
        accounts.createRegistered("alice", kamailio.sipUri("alice"), "alice-secret", registrar,
                Map.of("keepAliveInterval", "0", "sipTrace", "true", "sipTraceFile", trace.toString()));
    }

    static Path traceFile(String folder, TestInfo test) throws Exception {
        Path file = AccountFixture.WORK.resolve(folder)
                .resolve(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + ".log");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        return file;
    }

    static long count(String trace, String lineStart) {
        return trace.lines().filter(line -> line.startsWith(lineStart)).count();
    }

    static SipAccountContext context(AccountFixture accounts, String account) throws Exception {
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

    static Request message(SipAccountContext from, String to, String text) throws Exception {
        Request message = from.newRequest(Request.MESSAGE, from.addressFactory().createURI(to));
        message.setContent(text.getBytes(StandardCharsets.UTF_8),
                from.headerFactory().createContentTypeHeader("text", "plain"));
        return message;
    }

    static int send(SipAccountContext from, Request request) throws Exception {
        return from.send(request).toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS).getStatusCode();
    }

    /** The suite's store, counting the reads of alice's password. */
    private record CountingStore(CredentialStore store, AtomicInteger reads) implements CredentialStore {

        @Override
        public void storePassword(AccountId account, char[] password) {
            store.storePassword(account, password);
        }

        @Override
        public Optional<char[]> password(AccountId account) {
            if (account.value().equals("alice")) {
                reads.incrementAndGet();
            }
            return store.password(account);
        }

        @Override
        public void forgetPassword(AccountId account) {
            store.forgetPassword(account);
        }
    }
}
