package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.sip.internal.location.DnsException;
import org.parley.sip.internal.location.JndiDns;
import org.parley.sip.internal.location.NaptrRecord;
import org.parley.sip.internal.location.SrvRecord;
import org.parley.testkit.dns.DnsServer;
import org.parley.testkit.accounts.AccountFixture;

/**
 * The JNDI DNS client inside the OSGi framework (no boot delegation) against a real DNS server:
 * NAPTR, SRV, A and AAAA records read, a name that does not exist, and a server that does not
 * answer within the bounded time.
 */
class JndiDnsTest {

    private static DnsServer dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = DnsServer.builder(AccountFixture.WORK.resolve("dns-jndi")).local("jndi.test")
                .naptr("jndi.test", 10, 50, "s", "SIP+D2U", "_sip._udp.jndi.test")
                .naptr("jndi.test", 20, 50, "s", "SIP+D2T", "_sip._tcp.jndi.test")
                .srv("_sip._udp.jndi.test", "sip1.jndi.test", 5070, 10, 60)
                .host("sip1.jndi.test", "192.0.2.10", "2001:db8::10").start();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private static JndiDns client() {
        return JndiDns.server(dns.host(), dns.port());
    }

    @Test
    void recordsAreReadFromTheServer() throws Exception {
        assertEquals(List.of(new NaptrRecord(10, 50, "s", "SIP+D2U", "", "_sip._udp.jndi.test"),
                new NaptrRecord(20, 50, "s", "SIP+D2T", "", "_sip._tcp.jndi.test")),
                client().naptr("jndi.test").stream().sorted(java.util.Comparator.comparingInt(NaptrRecord::order))
                        .toList());
        assertEquals(List.of(new SrvRecord(10, 60, 5070, "sip1.jndi.test")), client().srv("_sip._udp.jndi.test"));
        assertEquals(List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::10")),
                client().addresses("sip1.jndi.test"));
        assertEquals("the DNS server " + dns.address(), client().source());
    }

    @Test
    void aNameWithoutTheRecordsAsked() throws Exception {
        assertEquals(List.of(), client().srv("jndi.test"), "the name exists, without SRV records");
        DnsException missing = assertThrows(DnsException.class, () -> client().naptr("nothing.jndi.test"));
        assertEquals("no such name", missing.getMessage());
        assertFalse(missing.noAnswer());
    }

    @Test
    void aServerThatDoesNotAnswerIsGivenUpWithinSeconds() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            long start = System.nanoTime();
            DnsException failure = assertThrows(DnsException.class,
                    () -> JndiDns.server("127.0.0.1", silent.getLocalPort()).naptr("jndi.test"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(failure.noAnswer(), failure.getMessage());
            assertTrue(failure.getMessage().startsWith("no answer within 3 s"), failure.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "bounded: " + took);
        }
    }
}
