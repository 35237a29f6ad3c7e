package org.parley.sip.internal.location;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS queries through the JDK's JNDI DNS provider, at a given server or at the system's (those of
 * {@code /etc/resolv.conf}). Each query waits at most {@value #TIMEOUT_MS} ms, then once more
 * twice as long. With the system's servers, A and AAAA come from the system resolver
 * ({@link InetAddress}), which also knows {@code /etc/hosts} and the search domains.
 */
public final class JndiDns implements DnsLookup {

    private static final int TIMEOUT_MS = 1000;
    private static final int TRIES = 2;

    private final Optional<String> server;

    private JndiDns(Optional<String> server) {
        this.server = server;
    }

    /** The system's DNS servers. */
    public static JndiDns system() {
        return new JndiDns(Optional.empty());
    }

    /** The DNS server at {@code host:port}. */
    public static JndiDns server(String host, int port) {
        return new JndiDns(Optional.of((host.contains(":") ? "[" + host + "]" : host) + ":" + port));
    }

    @Override
    public List<NaptrRecord> naptr(String domain) throws DnsException {
        return query(domain, "NAPTR", NaptrRecord::parse);
    }

    @Override
    public List<SrvRecord> srv(String name) throws DnsException {
        return query(name, "SRV", SrvRecord::parse);
    }

    @Override
    public List<InetAddress> addresses(String host) throws DnsException {
        if (server.isEmpty()) {
            return systemAddresses(host);
        }
        List<InetAddress> addresses = new ArrayList<>(query(host, "A", JndiDns::address));
        try {
            addresses.addAll(query(host, "AAAA", JndiDns::address));
        } catch (DnsException e) {
            if (addresses.isEmpty()) {
                throw e;
            }
        }
        return addresses;
    }

    @Override
    public String source() {
        return server.map(address -> "the DNS server " + address).orElse("the system's DNS servers");
    }

    private static List<InetAddress> systemAddresses(String host) throws DnsException {
        try {
            return Arrays.stream(InetAddress.getAllByName(host))
                    .sorted(Comparator.comparing(address -> !(address instanceof Inet4Address))).toList();
        } catch (UnknownHostException e) {
            throw new DnsException("not known to the system resolver", false);
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address: " + text);
        }
    }

    private <T> List<T> query(String name, String type, Function<String, T> parse) throws DnsException {
        // JNDI finds its DNS provider through the context class loader; a bundle's does not see
        // the JDK's jdk.naming.dns module, the platform class loader does.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            DirContext context = new InitialDirContext(environment());
            try {
                Attribute records = context.getAttributes(name, new String[] { type }).get(type);
                List<T> parsed = new ArrayList<>();
                if (records != null) {
                    NamingEnumeration<?> values = records.getAll();
                    while (values.hasMore()) {
                        parsed.add(parse.apply(String.valueOf(values.next())));
                    }
                }
                return parsed;
            } finally {
                context.close();
            }
        } catch (NameNotFoundException e) {
            throw new DnsException("no such name", false);
        } catch (CommunicationException e) {
            throw new DnsException("no answer within " + (TIMEOUT_MS * ((1 << TRIES) - 1)) / 1000 + " s"
                    + cause(e), true);
        } catch (NamingException | IllegalArgumentException e) {
            String explanation = e instanceof NamingException naming ? naming.getExplanation() : e.getMessage();
            throw new DnsException(explanation == null ? e.toString() : explanation, false);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Hashtable<String, String> environment() {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, server.map(address -> "dns://" + address).orElse("dns:"));
        environment.put("com.sun.jndi.dns.timeout.initial", Integer.toString(TIMEOUT_MS));
        environment.put("com.sun.jndi.dns.timeout.retries", Integer.toString(TRIES));
        return environment;
    }

    private static String cause(CommunicationException e) {
        Throwable root = e.getRootCause();
        return root == null || root instanceof java.net.SocketTimeoutException ? ""
                : " (" + root.getClass().getSimpleName() + ")";
    }
}
