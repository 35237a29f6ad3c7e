package org.parley.sip.internal.location;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS queries server location makes. An empty list means that the name has no such records;
 * a name that does not exist, and any failure, is a {@link DnsException}. Each query is bounded in
 * time.
 */
public interface DnsLookup {

    List<NaptrRecord> naptr(String domain) throws DnsException;

    List<SrvRecord> srv(String name) throws DnsException;

    /** The A, then AAAA, addresses of a host name. */
    List<InetAddress> addresses(String host) throws DnsException;

    /** Who answers, for messages: e.g. {@code the DNS server 127.0.0.1:5353}. */
    String source();
}
