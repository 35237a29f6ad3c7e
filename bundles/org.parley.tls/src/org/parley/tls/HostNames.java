package org.parley.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a certificate is valid for the host a client connected to (RFC 5922 section 7.2 / RFC
 * 6125): its DNS names (one leading {@code *} label allowed) or IP addresses among the subject
 * alternative names, or its common name when it has no DNS names at all.
 */
public final class HostNames {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** Whether {@code host} is an IPv4 or IPv6 address rather than a name. */
    public static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    static boolean matches(X509Certificate certificate, String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.startsWith("[") && wanted.endsWith("]")) {
            wanted = wanted.substring(1, wanted.length() - 1);
        }
        if (isIpLiteral(wanted)) {
            for (String address : alternativeNames(certificate, IP_ADDRESS)) {
                if (sameAddress(address, wanted)) {
                    return true;
                }
            }
            return false;
        }
        List<String> dnsNames = alternativeNames(certificate, DNS_NAME);
        List<String> candidates = dnsNames.isEmpty() ? commonNames(certificate) : dnsNames;
        for (String name : candidates) {
            if (nameMatches(name.toLowerCase(Locale.ROOT), wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The names a certificate is valid for, as a user reads them: {@code localhost, 127.0.0.1}. */
    static String describe(X509Certificate certificate) {
        List<String> names = new ArrayList<>(alternativeNames(certificate, DNS_NAME));
        names.addAll(alternativeNames(certificate, IP_ADDRESS));
        if (names.isEmpty()) {
            names.addAll(commonNames(certificate));
        }
        return String.join(", ", names);
    }

    private static boolean nameMatches(String pattern, String host) {
        String name = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        String target = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!name.startsWith("*.")) {
            return name.equals(target);
        }
        int firstDot = target.indexOf('.');
        // the wildcard stands for exactly one whole label, and never for a top-level domain alone
        return firstDot > 0 && name.indexOf('.', 2) > 0 && target.substring(firstDot).equals(name.substring(1));
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> alternativeNames(X509Certificate certificate, int type) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> entry : all) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer kind && kind == type
                            && entry.get(1) instanceof String value) {
                        names.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // unreadable names match nothing
        }
        return names;
    }

    private static List<String> commonNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // no usable common name
        }
        return names;
    }
}
