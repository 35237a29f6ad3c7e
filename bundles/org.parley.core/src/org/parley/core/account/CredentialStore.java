package org.parley.core.account;

import java.util.Optional;

/**
 * Keeps accounts' secrets (passwords) out of their configuration: encrypted, per user. One
 * service for the whole suite; protocol providers read from it, the account wizard and the
 * console write to it.
 */
public interface CredentialStore {

    /**
     * Stores (or replaces) the password of {@code account}.
     *
     * @throws IllegalStateException if the store cannot be written; the message says why
     */
    void storePassword(AccountId account, char[] password);

    /** The stored password of {@code account}, if there is one. The caller should wipe the array after use. */
    Optional<char[]> password(AccountId account);

    /** Forgets the password of {@code account}; does nothing if none is stored. */
    void forgetPassword(AccountId account);

    /**
     * Stores (or replaces) the password {@code account} uses with its TURN server (RFC 8656), kept
     * apart from its own.
     *
     * @throws IllegalStateException if the store cannot be written, or keeps no TURN passwords
     */
    default void storeTurnPassword(AccountId account, char[] password) {
        throw new IllegalStateException("This credential store keeps no TURN passwords");
    }

    /** The stored TURN password of {@code account}, if there is one; {@link #forgetPassword} forgets it too. */
    default Optional<char[]> turnPassword(AccountId account) {
        return Optional.empty();
    }
}
