package org.parley.sip.tests;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parley.sip.internal.location.DnsException;
import org.parley.sip.internal.location.DnsLookup;
import org.parley.sip.internal.location.NaptrRecord;
import org.parley.sip.internal.location.SrvRecord;

/**
 * DNS records in memory, for unit tests of server location: names without records do not exist,
 * names marked silent do not answer, and every query is counted.
 */
final class FakeDns implements DnsLookup {

    private final Map<String, List<NaptrRecord>> naptr = new HashMap<>();
    private final Map<String, List<SrvRecord>> srv = new HashMap<>();
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Set<String> silent = new java.util.HashSet<>();
    final List<String> queries = new ArrayList<>();

    FakeDns naptr(String name, int order, int preference, String service, String replacement) {
        naptr.computeIfAbsent(name, key -> new ArrayList<>())
                .add(new NaptrRecord(order, preference, "s", service, "", replacement));
        return this;
    }

    FakeDns srv(String name, int priority, int weight, int port, String target) {
        srv.computeIfAbsent(name, key -> new ArrayList<>()).add(new SrvRecord(priority, weight, port, target));
        return this;
    }

    FakeDns host(String name, String... literals) {
        List<InetAddress> list = addresses.computeIfAbsent(name, key -> new ArrayList<>());
        for (String literal : literals) {
            try {
                list.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }
        return this;
    }

    /** Queries for {@code name} get no answer at all. */
    FakeDns silent(String name) {
        silent.add(name);
        return this;
    }

    /** Forgets every record (the zone changed). */
    void clear() {
        naptr.clear();
        srv.clear();
        addresses.clear();
    }

    @Override
    public List<NaptrRecord> naptr(String domain) throws DnsException {
        return answer("NAPTR", domain, naptr);
    }

    @Override
    public List<SrvRecord> srv(String name) throws DnsException {
        return answer("SRV", name, srv);
    }

    @Override
    public List<InetAddress> addresses(String host) throws DnsException {
        return answer("A", host, addresses);
    }

    @Override
    public String source() {
        return "the fake DNS";
    }

    private <T> List<T> answer(String type, String name, Map<String, List<T>> records) throws DnsException {
        queries.add(type + " " + name);
        if (silent.contains(name)) {
            throw new DnsException("no answer within 3 s", true);
        }
        if (!naptr.containsKey(name) && !srv.containsKey(name) && !addresses.containsKey(name)) {
            throw new DnsException("no such name", false);
        }
        return List.copyOf(records.getOrDefault(name, List.of()));
    }
}
