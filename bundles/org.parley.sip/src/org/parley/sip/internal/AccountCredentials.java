package org.parley.sip.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.parley.sip.internal.auth.Credentials;
import org.parley.sip.internal.auth.Digest;

/**
 * The credentials of one running account: the password is read from the credential store
 * (a costly decrypt) the first time a realm needs it, and only its HA1 for that realm is kept.
 */
final class AccountCredentials implements Credentials {

    private final String user;
    private final Supplier<Optional<char[]>> passwords;
    private final Map<String, String> ha1ByRealm = new ConcurrentHashMap<>();

    AccountCredentials(String user, Supplier<Optional<char[]>> passwords) {
        this.user = user;
        this.passwords = passwords;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Optional<String> ha1(String realm) {
        return Optional.ofNullable(ha1ByRealm.computeIfAbsent(realm, this::fromStore));
    }

    @Override
    public void forget(String realm) {
        ha1ByRealm.remove(realm);
    }

    /** The store changed: every realm reads the password again. */
    void forgetAll() {
        ha1ByRealm.clear();
    }

    /** HA1 from the stored password, wiped afterwards; null (nothing kept) if there is none. */
    private String fromStore(String realm) {
        Optional<char[]> password = passwords.get();
        if (password.isEmpty()) {
            return null;
        }
        try {
            return Digest.ha1(user, realm, password.get());
        } finally {
            Arrays.fill(password.get(), '\0');
        }
    }
}
