package org.parley.srtp.natives;

import java.util.Optional;

/**
 * Loads jitsi-srtp's OpenSSL binding ({@code libjitsisrtp_3}) through jitsi-srtp's bundle class
 * loader, so that SRTP encrypts with OpenSSL's AES instead of Java's.
 * <p>
 * jitsi-srtp asks jitsi-utils to load the library, which under Equinox unpacks it and loads it
 * from jitsi-utils' class loader, where jitsi-srtp's {@code native} methods cannot see it (the
 * {@code UnsatisfiedLinkError ... OpenSSL_Init} it logs). This class belongs to a fragment of
 * {@code org.jitsi.srtp}, so it is defined by that bundle's class loader: {@link System#loadLibrary}
 * called from here finds the library in the host's {@code Bundle-NativeCode} and binds it to
 * jitsi-srtp's classes. It needs OpenSSL 3 ({@code libssl3}); without it SRTP stays in Java.
 */
public final class SrtpNatives {

    private SrtpNatives() {
    }

    /**
     * Loads the binding; called before jitsi-srtp is first used.
     *
     * @return why it could not be loaded, if it could not
     */
    public static Optional<String> load() {
        try {
            System.loadLibrary("jitsisrtp_3");
            return Optional.empty();
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
