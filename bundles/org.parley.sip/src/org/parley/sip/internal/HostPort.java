package org.parley.sip.internal;

import java.util.OptionalInt;

/**
 * A host with an optional port, as written in settings ({@code example.org}, {@code 10.0.0.1:5070},
 * {@code [::1]:5060}).
 */
record HostPort(String host, OptionalInt port) {

    static HostPort parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("A host is missing");
        }
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("Unclosed '[' in " + text);
            }
            String host = value.substring(1, end);
            String rest = value.substring(end + 1);
            return new HostPort(host, rest.startsWith(":") ? port(rest.substring(1), text) : OptionalInt.empty());
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.indexOf(':') == colon) {
            return new HostPort(value.substring(0, colon), port(value.substring(colon + 1), text));
        }
        return new HostPort(value, OptionalInt.empty());
    }

    int portOr(int fallback) {
        return port.orElse(fallback);
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port.isPresent() ? h + ":" + port.getAsInt() : h;
    }

    private static OptionalInt port(String digits, String text) {
        try {
            int port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a port in " + text + ": '" + digits + "'");
        }
    }
}
