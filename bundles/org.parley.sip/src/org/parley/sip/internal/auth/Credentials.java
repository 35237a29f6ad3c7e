package org.parley.sip.internal.auth;

import java.util.Optional;

/** An account's digest credentials: its user name, and HA1 for a realm. */
public interface Credentials {

    String user();

    /** HA1 = MD5(user:realm:password) for {@code realm}; empty if there is no password. */
    Optional<String> ha1(String realm);

    /** The server refused what {@link #ha1} gave for {@code realm}: the next call reads the password again. */
    void forget(String realm);
}
