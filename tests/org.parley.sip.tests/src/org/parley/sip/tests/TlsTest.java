package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.cm.Configuration;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;
import org.parley.core.account.ServerCertificate;
import org.parley.core.media.MediaStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * SIP over TLS against a real Kamailio whose self-signed certificate is made for the name
 * {@code localhost} only: refused with the certificate shown, trusted by pinning it, refused
 * again when it no longer matches the pin, and checked for the host name when an authority the
 * account trusts vouches for it.
 */
class TlsTest {

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-tls",
            Map.of("alice", "alice-secret", "bob", "bob-secret", "carol", "carol-secret", "dave", "dave-secret",
                    "erin", "erin-secret", "frank", "frank-secret"),
            builder -> builder.tls(true).tlsCertificateNames("dns:localhost"));

    private AccountFixture accounts;

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
    }

    @AfterEach
    void removeAccounts() throws Exception {
        accounts.close();
    }

    private Map<String, String> tlsTo(String host, String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("transport", "TLS", "registrar",
                host + ":" + kamailio.server().tlsPort(), "registrationExpiry", "120"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void aSelfSignedCertificateIsRefusedThenPinnedThenAccepted() throws Exception {
        Configuration configuration = accounts.create("alice", kamailio.sipUri("alice"), "alice-secret",
                tlsTo("localhost"));
        RegistrationState.Failed refused = awaitFailure("alice");
        assertEquals(FailureReason.CERTIFICATE_NOT_TRUSTED, refused.reason(), refused.detail());
        assertTrue(refused.detail().contains("self-signed"), refused.detail());
        assertTrue(refused.retryAt().isEmpty(), "an untrusted certificate is not retried by itself");
        ServerCertificate shown = refused.certificate().orElseThrow();
        assertEquals(serverFingerprint(), shown.fingerprint(), "the certificate shown is the server's");
        assertTrue(shown.selfSigned() && shown.names().equals("localhost"), shown.toString());
        assertTrue(accounts.eventsWithin("alice", Duration.ofSeconds(2)).isEmpty(), "nothing happens until the user decides");

        accounts.account("alice").trustCertificate(shown);

        accounts.await("alice", AccountFixture::registered, "registered over TLS with the pinned certificate");
        assertEquals(serverFingerprint(), configuration.getProperties().get("tlsPinnedCertificate"),
                "the pin is stored with the account");
    }

    @Test
    void aCertificateTrustedThisTimeRegistersUntilTheAccountRestartsAndIsNotStored() throws Exception {
        Configuration configuration = accounts.create("erin", kamailio.sipUri("erin"), "erin-secret", tlsTo("localhost"));
        ServerCertificate shown = awaitFailure("erin").certificate().orElseThrow();

        accounts.account("erin").trustCertificateThisTime(shown);

        accounts.await("erin", AccountFixture::registered, "registered over TLS with the certificate trusted this time");
        assertTrue(configuration.getProperties().get("tlsPinnedCertificate") == null
                || configuration.getProperties().get("tlsPinnedCertificate").toString().isEmpty(),
                "nothing is stored: " + configuration.getProperties());
        var settings = configuration.getProperties();
        settings.put("registrationExpiry", "180");
        configuration.update(settings);
        RegistrationState.Failed again = awaitFailure("erin");
        assertEquals(FailureReason.CERTIFICATE_NOT_TRUSTED, again.reason(),
                "after a restart the certificate is refused and shown again: " + again.detail());
        assertEquals(shown, again.certificate().orElseThrow());
    }

    @Test
    void aCertificateOtherThanThePinnedOneIsRefusedAsChanged() throws Exception {
        String otherFingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("another certificate".getBytes()));
        accounts.create("bob", kamailio.sipUri("bob"), "bob-secret",
                tlsTo("localhost", "tlsPinnedCertificate", otherFingerprint));
        RegistrationState.Failed refused = awaitFailure("bob");
        assertEquals(FailureReason.CERTIFICATE_NOT_TRUSTED, refused.reason(), refused.detail());
        assertTrue(refused.detail().contains("changed") && refused.detail().contains(serverFingerprint()),
                refused.detail());
    }

    @Test
    void anAuthorityTheAccountTrustsIsEnoughForTheRightHostName() throws Exception {
        accounts.create("carol", kamailio.sipUri("carol"), "carol-secret",
                tlsTo("localhost", "tlsCaFile", kamailio.server().tlsCertificate().toString()));
        RegistrationEvent event = accounts.await("carol",
                state -> state instanceof RegistrationState.Registered || state instanceof RegistrationState.Failed,
                "registered or failed");
        assertTrue(event.current() instanceof RegistrationState.Registered, event.current().toString());
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        accounts.create("dave", kamailio.sipUri("dave"), "dave-secret",
                tlsTo("127.0.0.1", "tlsCaFile", kamailio.server().tlsCertificate().toString()));
        RegistrationState.Failed refused = awaitFailure("dave");
        assertEquals(FailureReason.CERTIFICATE_NOT_TRUSTED, refused.reason(), refused.detail());
        assertTrue(refused.detail().contains("for localhost, not for 127.0.0.1"), refused.detail());
    }

    @Test
    void callsOverTlsAndTcpReachTheAccountOverTheConnectionItOpened() throws Exception {
        accounts.createRegistered("erin", kamailio.sipUri("erin"), "erin-secret",
                "localhost:" + kamailio.server().tlsPort(), Map.of("transport", "TLS", "tlsPinnedCertificate",
                        serverFingerprint(), "audioSource", "tone:700", "audioSink", "discard", "autoAnswer", "true"));
        accounts.createRegistered("frank", kamailio.sipUri("frank"), "frank-secret",
                kamailio.host() + ":" + kamailio.tcpPort(), Map.of("transport", "TCP", "audioSource", "tone:900",
                        "audioSink", "discard", "autoAnswer", "true"));
        try (CallEvents erin = new CallEvents(accounts.context, "erin");
                CallEvents frank = new CallEvents(accounts.context, "frank")) {
            // frank -> erin: the INVITE reaches erin over her TLS connection, and so does frank's BYE
            Call call = telephony("frank").call(new Address(kamailio.sipUri("erin")));
            erin.awaitState(CallState.CONNECTED);
            frank.awaitState(CallState.CONNECTED);
            awaitPackets(call, "frank");
            call.hangUp();
            erin.await(CallEvent.Ended.class, event -> true, "the call ends at erin");
            frank.await(CallEvent.Ended.class, event -> true, "the call ends at frank");

            // erin -> frank, and frank hangs up: his BYE reaches erin the same way
            Call back = telephony("erin").call(new Address(kamailio.sipUri("frank")));
            frank.await(CallEvent.Started.class, event -> true, "erin's call at frank");
            erin.awaitState(CallState.CONNECTED);
            awaitPackets(back, "erin");
            Call atFrank = telephony("frank").calls().get(0);
            atFrank.hangUp();
            CallEvent.Ended ended = erin.await(CallEvent.Ended.class, event -> true, "the call ends at erin");
            assertEquals(CallEvent.EndReason.REMOTE_HANGUP, ended.reason(), ended.toString());
        }
    }

    private Telephony telephony(String account) throws Exception {
        return accounts.telephony(account);
    }

    private static void awaitPackets(Call call, String who) throws InterruptedException {
        long deadline = System.nanoTime() + AccountFixture.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            MediaStatistics statistics = call.statistics();
            if (statistics.packetsSent() > 20 && statistics.packetsReceived() > 20) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(who + " does not send and receive RTP: " + call.statistics());
    }

    private RegistrationState.Failed awaitFailure(String account) throws InterruptedException {
        RegistrationEvent event = accounts.await(account,
                state -> state instanceof RegistrationState.Failed || state instanceof RegistrationState.Registered,
                "failed");
        assertTrue(event.current() instanceof RegistrationState.Failed, "refused, not " + event.current());
        return (RegistrationState.Failed) event.current();
    }

    private static String serverFingerprint() throws Exception {
        try (InputStream in = Files.newInputStream(kamailio.server().tlsCertificate())) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
    }
}
