package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parley.sip.internal.location.NaptrRecord;
import org.parley.sip.internal.location.NaptrSelection;
import org.parley.sip.internal.location.Service;
import org.parley.sip.internal.location.SrvRecord;
import org.parley.sip.internal.location.SrvSelection;

/**
 * Plain unit tests of RFC 3263's rules on DNS records: which NAPTR records lead where for a
 * transport, in which order SRV records are tried (RFC 2782), and reading records as JNDI gives
 * them.
 */
class DnsRecordRulesTest {

    @Test
    void naptrRecordsOfOtherTransportsOrFlagsAreSkippedAndTheRestOrderedByOrderThenPreference() {
        List<NaptrRecord> records = List.of(
                naptr(20, 10, "s", "SIP+D2U", "_sip._udp.b.example"),
                naptr(10, 50, "s", "SIP+D2T", "_sip._tcp.example"),
                naptr(10, 20, "s", "SIP+D2U", "_sip._udp.a.example"),
                naptr(10, 10, "a", "SIP+D2U", "sip.example"),
                naptr(5, 10, "s", "SIPS+D2T", "_sips._tcp.example"),
                naptr(10, 30, "S", "sip+d2u", "_sip._udp.c.example"),
                naptr(1, 1, "s", "SIP+D2U", ""));

        assertEquals(List.of("_sip._udp.a.example", "_sip._udp.c.example", "_sip._udp.b.example"),
                NaptrSelection.srvNames(records, Service.UDP));
        assertEquals(List.of("_sip._tcp.example"), NaptrSelection.srvNames(records, Service.TCP));
        assertEquals(List.of("_sips._tcp.example"), NaptrSelection.srvNames(records, Service.TLS));
        assertEquals(List.of(), NaptrSelection.srvNames(List.of(), Service.UDP));
    }

    @Test
    void srvRecordsAreTriedByPriorityFirst() {
        List<SrvRecord> records = List.of(srv(30, 100, 5062, "c.example"), srv(10, 0, 5060, "a.example"),
                srv(20, 5, 5061, "b.example"));

        List<SrvRecord> ordered = SrvSelection.order(records, new Random(1));

        assertEquals(List.of("a.example", "b.example", "c.example"), targets(ordered));
    }

    @Test
    void withinAPriorityTheWeightsShareTheFirstPlace() {
        List<SrvRecord> records = List.of(srv(10, 60, 5060, "sixty.example"), srv(10, 30, 5060, "thirty.example"),
                srv(10, 10, 5060, "ten.example"), srv(10, 0, 5060, "zero.example"),
                srv(20, 100, 5060, "backup.example"));
        Random random = new Random(20260101);
        Map<String, Integer> first = new HashMap<>();
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            List<SrvRecord> ordered = SrvSelection.order(records, random);
            assertEquals(5, ordered.size(), "every record is tried once");
            assertEquals("backup.example", ordered.get(4).target(), "the higher priority value comes last");
            first.merge(ordered.get(0).target(), 1, Integer::sum);
        }
        assertShare(first, "sixty.example", 0.60, draws);
        assertShare(first, "thirty.example", 0.30, draws);
        assertShare(first, "ten.example", 0.10, draws);
        assertTrue(first.getOrDefault("zero.example", 0) < draws * 0.02,
                "weight 0 is rarely first: " + first);
    }

    @Test
    void aTargetOfDotMeansNoServiceAndIsNeverTried() {
        SrvRecord refusal = SrvRecord.parse("0 0 0 .");

        assertTrue(refusal.refusesService());
        assertEquals(List.of(), SrvSelection.order(List.of(refusal), new Random(2)));
        assertEquals(List.of("sip.example"),
                targets(SrvSelection.order(List.of(refusal, srv(10, 1, 5060, "sip.example")), new Random(2))));
    }

    @Test
    void recordsAreReadAsJndiWritesThem() {
        assertEquals(new NaptrRecord(10, 50, "s", "SIP+D2U", "", "_sip._udp.example.org"),
                NaptrRecord.parse("10 50 s SIP+D2U \"\" _sip._udp.example.org."));
        assertEquals(new NaptrRecord(20, 5, "S", "SIPS+D2T", "!^.*$!x!", "_sips._tcp.example.org"),
                NaptrRecord.parse("20 5 \"S\" \"SIPS+D2T\" \"!^.*$!x!\" _SIPS._tcp.Example.ORG."));
        assertEquals(new SrvRecord(10, 60, 5070, "sip1.example.org"), SrvRecord.parse("10 60 5070 sip1.example.org."));
        assertThrows(IllegalArgumentException.class, () -> SrvRecord.parse("10 60 sip1.example.org."));
        assertThrows(IllegalArgumentException.class, () -> SrvRecord.parse("10 60 70000 sip1.example.org."));
        assertThrows(IllegalArgumentException.class, () -> NaptrRecord.parse("10 50 s SIP+D2U"));
    }

    private static void assertShare(Map<String, Integer> counts, String target, double expected, int draws) {
        double share = counts.getOrDefault(target, 0) / (double) draws;
        assertTrue(Math.abs(share - expected) < 0.03, target + " is first in about " + expected + " of draws: "
                + counts);
    }

    private static NaptrRecord naptr(int order, int preference, String flags, String service, String replacement) {
        return new NaptrRecord(order, preference, flags, service, "", replacement);
    }

    private static SrvRecord srv(int priority, int weight, int port, String target) {
        return new SrvRecord(priority, weight, port, target);
    }

    private static List<String> targets(List<SrvRecord> records) {
        List<String> targets = new ArrayList<>();
        records.forEach(record -> targets.add(record.target()));
        return targets;
    }
}
