package org.parley.sip.internal.location;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * RFC 3263's way from a host (with or without a port) to the targets to try:
 * <ol>
 * <li>an IP address, or a port given: the address, or the host's A and AAAA records, with that port
 * (default 5060, 5061 for TLS);</li>
 * <li>else the domain's NAPTR records for the transport, each leading to SRV records;</li>
 * <li>else (no usable NAPTR record) the transport's SRV records, e.g. {@code _sip._udp.domain};</li>
 * <li>else (no SRV record) the domain's A and AAAA records with the default port.</li>
 * </ol>
 * SRV records are tried by priority, drawn by weight within a priority. A DNS server that does
 * not answer ends the search at once, so that a location takes at most one query's time-out then.
 */
public final class ServerLocator {

    /** Enough for any real deployment; bounds the queries a hostile zone can make us send. */
    static final int MOST_TARGETS = 16;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final DnsLookup dns;
    private final RandomGenerator random;

    public ServerLocator(DnsLookup dns, RandomGenerator random) {
        this.dns = dns;
        this.random = random;
    }

    /** Where {@code host} (and {@code port}, if given) offers SIP over {@code service}. */
    public Location locate(String host, OptionalInt port, Service service) throws LocationException {
        String name = host.toLowerCase(Locale.ROOT);
        if (isIpLiteral(name)) {
            return new Location(name, List.of(new Target(literal(name), port.orElse(service.defaultPort()), service)),
                    "an IP address");
        }
        Search search = new Search(name);
        if (port.isPresent()) {
            return search.addressesOf(name, port.getAsInt(), service)
                    .orElseThrow(() -> search.failure("no address found in DNS for " + name));
        }
        List<String> srvNames = search.naptr(name, service);
        boolean fromNaptr = !srvNames.isEmpty();
        if (!fromNaptr) {
            srvNames = List.of(service.srvName(name));
        }
        List<SrvRecord> records = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (String srvName : srvNames) {
            List<SrvRecord> found = search.srv(srvName);
            if (!found.isEmpty()) {
                used.add("SRV " + srvName);
                records.addAll(SrvSelection.order(found, random));
            }
        }
        if (records.isEmpty()) {
            if (search.refused) {
                throw search.failure(name + " says in DNS that it offers no SIP over " + service
                        + " (SRV target '.')");
            }
            return search.addressesOf(name, service.defaultPort(), service)
                    .orElseThrow(() -> search.failure("no SIP server found in DNS for " + name));
        }
        List<Target> targets = new ArrayList<>();
        for (SrvRecord record : records) {
            if (targets.size() >= MOST_TARGETS) {
                break;
            }
            for (InetAddress address : search.addresses(record.target())) {
                targets.add(new Target(address, record.port(), service));
            }
        }
        if (targets.isEmpty()) {
            throw search.failure("the SRV records of " + name + " lead to no address");
        }
        String how = (fromNaptr ? "NAPTR " + name + ", " : "") + String.join(", ", used);
        return new Location(name, targets.subList(0, Math.min(targets.size(), MOST_TARGETS)), how);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address rather than a name. */
    private static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static InetAddress literal(String address) throws LocationException {
        try {
            return InetAddress.getByName(address); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new LocationException("Not an IP address: " + address);
        }
    }

    /** One location's queries, with what each found, for the message when nothing is found. */
    private final class Search {
        private final String name;
        private final List<String> notes = new ArrayList<>();
        private boolean refused;

        Search(String name) {
            this.name = name;
        }

        List<String> naptr(String domain, Service service) throws LocationException {
            try {
                List<NaptrRecord> records = dns.naptr(domain);
                List<String> names = NaptrSelection.srvNames(records, service);
                if (names.isEmpty()) {
                    notes.add("NAPTR " + domain + ": " + (records.isEmpty() ? "no records"
                            : "none for " + service.naptrService()));
                }
                return names;
            } catch (DnsException e) {
                return noted("NAPTR " + domain, e);
            }
        }

        List<SrvRecord> srv(String srvName) throws LocationException {
            try {
                List<SrvRecord> records = dns.srv(srvName);
                if (records.isEmpty()) {
                    notes.add("SRV " + srvName + ": no records");
                } else if (records.stream().allMatch(SrvRecord::refusesService)) {
                    refused = true;
                    return List.of();
                }
                return records;
            } catch (DnsException e) {
                return noted("SRV " + srvName, e);
            }
        }

        List<InetAddress> addresses(String host) throws LocationException {
            try {
                List<InetAddress> found = dns.addresses(host);
                if (found.isEmpty()) {
                    notes.add("A/AAAA " + host + ": no records");
                }
                return found;
            } catch (DnsException e) {
                return noted("A/AAAA " + host, e);
            }
        }

        Optional<Location> addressesOf(String host, int port, Service service) throws LocationException {
            List<Target> targets = addresses(host).stream().limit(MOST_TARGETS)
                    .map(address -> new Target(address, port, service)).toList();
            return targets.isEmpty() ? Optional.empty()
                    : Optional.of(new Location(name, targets, "A/AAAA " + host));
        }

        /** Notes a failed query and goes on with the next, unless the server did not answer at all. */
        private <T> List<T> noted(String query, DnsException e) throws LocationException {
            notes.add(query + ": " + e.getMessage());
            if (e.noAnswer()) {
                throw failure("DNS lookup for the SIP server of " + name + " failed");
            }
            return List.of();
        }

        LocationException failure(String what) {
            return new LocationException(what + " (" + String.join("; ", notes) + "; asked " + dns.source() + ")");
        }
    }
}
