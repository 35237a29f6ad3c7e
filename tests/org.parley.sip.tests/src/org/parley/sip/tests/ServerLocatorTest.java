package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parley.sip.internal.location.Location;
import org.parley.sip.internal.location.LocationException;
import org.parley.sip.internal.location.Service;
import org.parley.sip.internal.location.ServerLocator;

/**
 * Plain unit tests of RFC 3263's fallback chain, on records in memory: IP address or port given,
 * NAPTR to SRV, SRV alone, A/AAAA alone, and what is said when nothing is found.
 */
class ServerLocatorTest {

    private final FakeDns dns = new FakeDns();
    private final ServerLocator locator = new ServerLocator(dns, new Random(7));

    @Test
    void anIpAddressIsUsedAsItIsWithoutDns() throws Exception {
        assertEquals(List.of("192.0.2.7:5060/UDP"), targets("192.0.2.7", OptionalInt.empty(), Service.UDP));
        assertEquals(List.of("[2001:db8:0:0:0:0:0:7]:5061/TLS"),
                targets("2001:db8::7", OptionalInt.empty(), Service.TLS));
        assertEquals(List.of("192.0.2.7:5080/TCP"), targets("192.0.2.7", OptionalInt.of(5080), Service.TCP));
        assertEquals(List.of(), dns.queries);
    }

    @Test
    void aGivenPortMeansAddressRecordsOnly() throws Exception {
        dns.naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.example.test")
                .srv("_sip._udp.example.test", 10, 10, 5070, "elsewhere.example.test")
                .host("example.test", "192.0.2.1", "2001:db8::1");

        assertEquals(List.of("192.0.2.1:5090/UDP", "[2001:db8:0:0:0:0:0:1]:5090/UDP"),
                targets("example.test", OptionalInt.of(5090), Service.UDP));
        assertEquals(List.of("A example.test"), dns.queries);
    }

    @Test
    void naptrLeadsToTheSrvRecordsOfTheTransportInOrder() throws Exception {
        dns.naptr("example.test", 20, 10, "SIP+D2U", "_sip._udp.second.example.test")
                .naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.first.example.test")
                .naptr("example.test", 5, 10, "SIP+D2T", "_sip._tcp.example.test")
                .srv("_sip._udp.first.example.test", 20, 0, 5072, "b.example.test")
                .srv("_sip._udp.first.example.test", 10, 0, 5071, "a.example.test")
                .srv("_sip._udp.second.example.test", 10, 0, 5073, "c.example.test")
                .srv("_sip._udp.example.test", 10, 0, 5060, "plain.example.test")
                .host("a.example.test", "192.0.2.1").host("b.example.test", "192.0.2.2", "192.0.2.22")
                .host("c.example.test", "192.0.2.3").host("plain.example.test", "192.0.2.9");

        Location location = locator.locate("Example.TEST", OptionalInt.empty(), Service.UDP);

        assertEquals(List.of("192.0.2.1:5071/UDP", "192.0.2.2:5072/UDP", "192.0.2.22:5072/UDP", "192.0.2.3:5073/UDP"),
                location.targets().stream().map(Object::toString).toList());
        assertEquals("NAPTR example.test, SRV _sip._udp.first.example.test, SRV _sip._udp.second.example.test",
                location.how());
    }

    @Test
    void withoutNaptrTheTransportsSrvNameIsAsked() throws Exception {
        dns.srv("_sip._tcp.example.test", 10, 0, 5070, "sip.example.test")
                .srv("_sip._udp.example.test", 10, 0, 5080, "sip.example.test")
                .host("sip.example.test", "192.0.2.5");

        assertEquals(List.of("192.0.2.5:5070/TCP"), targets("example.test", OptionalInt.empty(), Service.TCP));
        assertEquals(List.of("NAPTR example.test", "SRV _sip._tcp.example.test", "A sip.example.test"), dns.queries);
    }

    @Test
    void naptrRecordsForOtherTransportsOnlyFallBackToTheSrvName() throws Exception {
        dns.naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.example.test")
                .srv("_sips._tcp.example.test", 10, 0, 5071, "sip.example.test").host("sip.example.test", "192.0.2.5");

        assertEquals(List.of("192.0.2.5:5071/TLS"), targets("example.test", OptionalInt.empty(), Service.TLS));
    }

    @Test
    void withoutSrvTheDomainsAddressesWithTheDefaultPort() throws Exception {
        dns.host("example.test", "192.0.2.6");

        assertEquals(List.of("192.0.2.6:5061/TLS"), targets("example.test", OptionalInt.empty(), Service.TLS));
        assertEquals(List.of("NAPTR example.test", "SRV _sips._tcp.example.test", "A example.test"), dns.queries);
    }

    @Test
    void aNameWithNothingFailsSayingWhatWasAsked() {
        LocationException failure = assertThrows(LocationException.class,
                () -> locator.locate("nowhere.example.test", OptionalInt.empty(), Service.UDP));

        String message = failure.getMessage();
        assertTrue(message.startsWith("no SIP server found in DNS for nowhere.example.test"), message);
        assertTrue(message.contains("NAPTR nowhere.example.test: no such name"), message);
        assertTrue(message.contains("SRV _sip._udp.nowhere.example.test: no such name"), message);
        assertTrue(message.contains("A/AAAA nowhere.example.test: no such name"), message);
        assertTrue(message.contains("the fake DNS"), message);
    }

    @Test
    void aServerThatDoesNotAnswerEndsTheSearchAtOnce() {
        dns.silent("example.test");

        LocationException failure = assertThrows(LocationException.class,
                () -> locator.locate("example.test", OptionalInt.empty(), Service.UDP));

        assertTrue(failure.getMessage().contains("NAPTR example.test: no answer within 3 s"), failure.getMessage());
        assertEquals(List.of("NAPTR example.test"), dns.queries, "no more queries to a server that does not answer");
    }

    @Test
    void srvRecordsSayingNoServiceAreNotFollowedByAnAddressLookup() {
        dns.srv("_sip._udp.example.test", 0, 0, 0, "").host("example.test", "192.0.2.8");

        LocationException failure = assertThrows(LocationException.class,
                () -> locator.locate("example.test", OptionalInt.empty(), Service.UDP));

        assertTrue(failure.getMessage().contains("offers no SIP over UDP"), failure.getMessage());
    }

    @Test
    void srvTargetsWithoutAddressesFailWithoutFallingBackToTheDomain() {
        dns.srv("_sip._udp.example.test", 10, 0, 5060, "gone.example.test").host("example.test", "192.0.2.8");

        LocationException failure = assertThrows(LocationException.class,
                () -> locator.locate("example.test", OptionalInt.empty(), Service.UDP));

        assertTrue(failure.getMessage().contains("lead to no address"), failure.getMessage());
        assertTrue(failure.getMessage().contains("A/AAAA gone.example.test: no such name"), failure.getMessage());
    }

    @Test
    void theNumberOfTargetsIsBounded() throws Exception {
        for (int i = 0; i < 40; i++) {
            dns.srv("_sip._udp.example.test", 10, 1, 5060 + i, "sip" + i + ".example.test")
                    .host("sip" + i + ".example.test", "192.0.2." + (i + 1));
        }

        assertEquals(16, locator.locate("example.test", OptionalInt.empty(), Service.UDP).targets().size());
        assertTrue(dns.queries.size() <= 2 + 16, "no address lookups beyond the bound: " + dns.queries);
    }

    private List<String> targets(String host, OptionalInt port, Service service) throws LocationException {
        return locator.locate(host, port, service).targets().stream().map(Object::toString).toList();
    }
}
