package org.parley.sip.presence.internal;

import java.time.Duration;
import java.util.ListIterator;
import java.util.Locale;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

import org.parley.core.Address;

/** What a SUBSCRIBE to the user's presence asks for, as a {@link Notifier} reads it. */
record SubscribeRequest(Request request) {

    /** The longest subscription granted; also what a SUBSCRIBE without Expires gets. */
    static final Duration LONGEST_EXPIRY = Duration.ofSeconds(3600);

    /** Whether it refreshes or ends a subscription (it has a To tag) rather than starting one. */
    boolean inDialog() {
        return ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
    }

    /** The time asked for, at most {@link #LONGEST_EXPIRY}; zero ends the subscription (or fetches the state once). */
    Duration expiry() {
        ExpiresHeader header = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        long asked = header == null ? LONGEST_EXPIRY.toSeconds() : Math.max(0, header.getExpires());
        return Duration.ofSeconds(Math.min(asked, LONGEST_EXPIRY.toSeconds()));
    }

    /** Whether the watcher takes PIDF: it does when it names no type at all. */
    boolean acceptsPidf() {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return true;
        }
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = String.valueOf(accept.getContentType()).toLowerCase(Locale.ROOT);
            String subType = String.valueOf(accept.getContentSubType()).toLowerCase(Locale.ROOT);
            if ((type.equals("application") || type.equals("*")) && (subType.equals("pidf+xml") || subType.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    /** Who asks: the From address without parameters, e.g. {@code sip:alice@192.0.2.1:5070}. */
    Address watcher() {
        URI uri = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (uri instanceof SipURI sip) {
            return new Address(sip.getScheme() + ":" + (sip.getUser() != null ? sip.getUser() + "@" : "") + sip.getHost()
                    + (sip.getPort() > 0 ? ":" + sip.getPort() : ""));
        }
        return new Address(uri.toString());
    }

    /**
     * What identifies a person across requests and in the contact list: user and host, without
     * scheme, port or parameters ({@code alice@192.0.2.1}).
     */
    static String person(Address address) {
        String rest = address.schemeSpecificPart();
        int parameters = rest.indexOf(';');
        if (parameters >= 0) {
            rest = rest.substring(0, parameters);
        }
        int at = rest.indexOf('@');
        String user = at >= 0 ? rest.substring(0, at + 1) : "";
        String host = at >= 0 ? rest.substring(at + 1) : rest;
        int port = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
        if (port >= 0) {
            host = host.substring(0, port);
        }
        return user + host.toLowerCase(Locale.ROOT);
    }
}
