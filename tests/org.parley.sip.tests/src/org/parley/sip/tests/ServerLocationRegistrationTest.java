package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.RegistrationState.FailureReason;
import org.parley.testkit.dns.DnsServer;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.accounts.KamailioExtension;

/**
 * Accounts whose registrar or outbound proxy is a bare domain name find their server by RFC 3263
 * (NAPTR, SRV, A/AAAA) through a real DNS server (dnsmasq, started per test with the records the
 * test needs), and register with a real Kamailio that takes {@value #DOMAIN} as its own: over UDP
 * and TCP, through NAPTR or SRV alone, moving on to the next SRV target when the first refuses,
 * and failing clearly when DNS knows no server or does not answer.
 */
class ServerLocationRegistrationTest {

    private static final String DOMAIN = "parley.test";
    private static final String DNS_SERVER_PROPERTY = "parley.sip.dnsServer";
    private static final Path WORK = AccountFixture.WORK;

    @RegisterExtension
    static final KamailioExtension kamailio = new KamailioExtension("kamailio-dns", Map.of("alice", "alice-secret"),
            builder -> builder.domain(DOMAIN));

    private AccountFixture accounts;
    private DnsServer dns;

    @BeforeEach
    void fixture() {
        accounts = new AccountFixture();
    }

    @AfterEach
    void cleanUp() throws Exception {
        accounts.close();
        System.clearProperty(DNS_SERVER_PROPERTY);
        if (dns != null) {
            dns.close();
        }
    }

    /** Starts dnsmasq with the test's records and makes new accounts ask it. */
    private void dns(String name, UnaryOperator<DnsServer.Builder> records) throws Exception {
        dns = records.apply(DnsServer.builder(WORK.resolve("dns-" + name)).local(DOMAIN)).start();
        System.setProperty(DNS_SERVER_PROPERTY, dns.address());
    }

    private Map<String, String> settings(String transport, Path trace, String... more) throws Exception {
        Files.deleteIfExists(trace);
        Map<String, String> settings = new HashMap<>(Map.of("transport", transport, "registrationExpiry", "120",
                "sipTrace", "true", "sipTraceFile", trace.toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void registersOverUdpWhereNaptrAndSrvPoint() throws Exception {
        dns("naptr-udp", records -> records
                .naptr(DOMAIN, 10, 50, "s", "SIP+D2U", "_sip._udp.pool." + DOMAIN)
                .naptr(DOMAIN, 20, 50, "s", "SIP+D2T", "_sip._tcp.pool." + DOMAIN)
                .srv("_sip._udp.pool." + DOMAIN, "sip1." + DOMAIN, kamailio.udpPort(), 10, 100)
                .host("sip1." + DOMAIN, "127.0.0.1"));
        Path trace = WORK.resolve("dns-naptr-udp-trace.log");

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret", settings("UDP", trace));

        accounts.await("alice", AccountFixture::registered, "registered through NAPTR and SRV");
        String sent = Files.readString(trace);
        assertTrue(sent.contains("REGISTER sip:" + DOMAIN + " SIP/2.0"), "the Request-URI stays the domain");
        assertTrue(sent.contains(" -> 127.0.0.1:" + kamailio.udpPort() + "\n"), "sent to the SRV target: " + sent);
        assertTrue(Files.readString(dns.logFile()).contains("query[NAPTR] " + DOMAIN), dns.logTail(20));
    }

    @Test
    void registersOverTcpWhereNaptrAndSrvPoint() throws Exception {
        dns("naptr-tcp", records -> records
                .naptr(DOMAIN, 10, 50, "s", "SIP+D2U", "_sip._udp.pool." + DOMAIN)
                .naptr(DOMAIN, 20, 50, "s", "SIP+D2T", "_sip._tcp.pool." + DOMAIN)
                .srv("_sip._udp.pool." + DOMAIN, "nobody." + DOMAIN, 9, 10, 100)
                .srv("_sip._tcp.pool." + DOMAIN, "sip1." + DOMAIN, kamailio.tcpPort(), 10, 100)
                .host("sip1." + DOMAIN, "127.0.0.1"));
        Path trace = WORK.resolve("dns-naptr-tcp-trace.log");

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret", settings("TCP", trace, "registrar", DOMAIN));

        accounts.await("alice", AccountFixture::registered, "registered over TCP through NAPTR and SRV");
        assertTrue(Files.readString(trace).contains("sent TCP "), "over TCP");
    }

    @Test
    void movesOnToTheNextSrvTargetWhenTheFirstRefuses() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        int refused = closedPort;
        dns("srv-failover", records -> records
                .srv("_sip._tcp." + DOMAIN, "dead." + DOMAIN, refused, 10, 100)
                .srv("_sip._tcp." + DOMAIN, "sip1." + DOMAIN, kamailio.tcpPort(), 20, 100)
                .host("dead." + DOMAIN, "127.0.0.1").host("sip1." + DOMAIN, "127.0.0.1"));
        Path trace = WORK.resolve("dns-failover-trace.log");

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret", settings("TCP", trace));

        RegistrationEvent registered = accounts.await("alice",
                state -> state instanceof RegistrationState.Registered || state instanceof RegistrationState.Failed,
                "registered or failed");
        assertTrue(registered.current() instanceof RegistrationState.Registered,
                "the second SRV target takes the REGISTER: " + registered.current());
        String sent = Files.readString(trace);
        assertTrue(sent.contains("REGISTER to 127.0.0.1:" + refused + "/TCP failed")
                && sent.contains("trying the next target of " + DOMAIN + ": 127.0.0.1:" + kamailio.tcpPort() + "/TCP"),
                "the first target was tried first: " + sent);
    }

    @Test
    void aNameDnsDoesNotKnowFailsAsUnreachableSayingWhatWasLookedUp() throws Exception {
        dns("unknown", records -> records.host("sip1." + DOMAIN, "127.0.0.1"));
        String unknown = "nosuch." + DOMAIN;

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret",
                settings("UDP", WORK.resolve("dns-unknown-trace.log"), "registrar", unknown));

        RegistrationState.Failed failed = awaitFailure("alice");
        assertEquals(FailureReason.UNREACHABLE, failed.reason(), failed.detail());
        for (String lookup : List.of("NAPTR " + unknown, "SRV _sip._udp." + unknown, "A/AAAA " + unknown)) {
            assertTrue(failed.detail().contains(lookup + ": no such name"), failed.detail());
        }
        assertTrue(failed.detail().contains("the DNS server " + dns.address()), failed.detail());
        assertTrue(failed.retryAt().isPresent(), "tried again later, DNS may learn the name");
    }

    @Test
    void aDnsServerThatDoesNotAnswerFailsWithinSeconds() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            System.setProperty(DNS_SERVER_PROPERTY, "127.0.0.1:" + silent.getLocalPort());
            Instant start = Instant.now();

            accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret",
                    settings("UDP", WORK.resolve("dns-silent-trace.log")));

            RegistrationState.Failed failed = awaitFailure("alice");
            Duration took = Duration.between(start, Instant.now());
            assertEquals(FailureReason.UNREACHABLE, failed.reason(), failed.detail());
            assertTrue(failed.detail().contains("NAPTR " + DOMAIN + ": no answer within 3 s"), failed.detail());
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "one query's time-out, not more: " + took);
        }
    }

    @Test
    void aRegistrarWithAPortIsOnlyLookedUpByAddress() throws Exception {
        dns("with-port", records -> records
                .naptr(DOMAIN, 10, 50, "s", "SIP+D2U", "_sip._udp." + DOMAIN)
                .srv("_sip._udp." + DOMAIN, "nobody." + DOMAIN, 9, 10, 100)
                .host(DOMAIN, "127.0.0.1"));

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret", settings("UDP",
                WORK.resolve("dns-with-port-trace.log"), "registrar", DOMAIN + ":" + kamailio.udpPort()));

        accounts.await("alice", AccountFixture::registered, "registered at the given port");
        String queries = Files.readString(dns.logFile());
        assertFalse(queries.contains("query[NAPTR]") || queries.contains("query[SRV]"), "A/AAAA only: " + queries);
    }

    @Test
    void anOutboundProxyIsLocatedLikeARegistrar() throws Exception {
        dns("proxy", records -> records
                .srv("_sip._udp.proxy." + DOMAIN, "sip1." + DOMAIN, kamailio.udpPort(), 10, 100)
                .host("sip1." + DOMAIN, "127.0.0.1"));
        Path trace = WORK.resolve("dns-proxy-trace.log");

        accounts.create("alice", "sip:alice@" + DOMAIN, "alice-secret",
                settings("UDP", trace, "outboundProxy", "proxy." + DOMAIN));

        accounts.await("alice", AccountFixture::registered, "registered through the located outbound proxy");
        assertTrue(Files.readString(trace).contains(" -> 127.0.0.1:" + kamailio.udpPort() + "\n"));
    }

    private RegistrationState.Failed awaitFailure(String account) throws InterruptedException {
        RegistrationEvent event = accounts.await(account,
                state -> state instanceof RegistrationState.Failed || state instanceof RegistrationState.Registered,
                "failed");
        assertTrue(event.current() instanceof RegistrationState.Failed, "failed, not " + event.current());
        return (RegistrationState.Failed) event.current();
    }
}
