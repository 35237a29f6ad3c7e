package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.ServiceRegistration;
import org.parley.core.ServiceProperties;
import org.parley.sip.extension.SipAccountContext;
import org.parley.sip.extension.SipRequestHandler;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * A remembered nonce that Kamailio no longer takes (nonce_expire of 2 s here): the request is
 * challenged once with stale=true and goes through with the fresh nonce.
 */
class StaleNonceTest {

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-stale-nonce",
            Map.of("alice", "alice-secret", "bob", "bob-secret"), builder -> builder.nonceExpiry(Duration.ofSeconds(2)));

    private AccountFixture accounts;
    private Path trace;
    private ServiceRegistration<?> bobAnswers;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        accounts = new AccountFixture();
        trace = PreemptiveAuthenticationTest.traceFile("stale-nonce", test);
        bobAnswers = accounts.context.registerService(SipRequestHandler.class, request -> request.respond(200),
                new Hashtable<>(Map.of(SipRequestHandler.METHODS, "MESSAGE", ServiceProperties.ACCOUNT_ID, "bob")));
    }

    @AfterEach
    void stop() throws Exception {
        bobAnswers.unregister();
        accounts.close();
    }

    @Test
    void aStaleNonceLeadsToOneNewChallengeAndSuccess() throws Exception {
        String registrar = kamailio.host() + ":" + kamailio.udpPort();
        accounts.createRegistered("bob", kamailio.sipUri("bob"), "bob-secret", registrar,
                Map.of("keepAliveInterval", "0"));
        accounts.createRegistered("alice", kamailio.sipUri("alice"), "alice-secret", registrar,
                Map.of("keepAliveInterval", "0", "sipTrace", "true", "sipTraceFile", trace.toString()));
        SipAccountContext alice = PreemptiveAuthenticationTest.context(accounts, "alice");
        assertEquals(200, PreemptiveAuthenticationTest.send(alice,
                PreemptiveAuthenticationTest.message(alice, kamailio.sipUri("bob"), "first")));
        Thread.sleep(3500);

        assertEquals(200, PreemptiveAuthenticationTest.send(alice,
                PreemptiveAuthenticationTest.message(alice, kamailio.sipUri("bob"), "after the nonce expired")));
        String sent = Files.readString(trace);
        assertEquals(2, PreemptiveAuthenticationTest.count(sent, "SIP/2.0 407"),
                "the first MESSAGE and the one with the stale nonce are challenged:\n" + sent);
        assertTrue(sent.lines().anyMatch(line -> line.startsWith("Proxy-Authenticate:") && line.contains("stale=true")),
                "Kamailio said the nonce was stale:\n" + sent);
        assertEquals(4, PreemptiveAuthenticationTest.count(sent, "MESSAGE sip:"), "two MESSAGEs, each sent again once");
    }
}
