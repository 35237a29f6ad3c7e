package org.parley.core.media;

import java.util.Objects;

/** Whether a session's media is encrypted, and how its keys were agreed. */
public sealed interface MediaSecurity {

    /** Plain RTP: anybody on the path can listen. */
    record Unsecured() implements MediaSecurity {
    }

    /**
     * SRTP (RFC 3711).
     *
     * @param keyExchange how the keys were agreed
     * @param suite       the crypto suite in use, e.g. {@code AES_CM_128_HMAC_SHA1_80}
     */
    record Srtp(KeyExchange keyExchange, String suite) implements MediaSecurity {
        public Srtp {
            Objects.requireNonNull(keyExchange, "keyExchange");
            Objects.requireNonNull(suite, "suite");
        }
    }

    /** How SRTP keys are agreed. */
    enum KeyExchange {
        /** In the SDP of the signalling (SDES, RFC 4568): as safe as the signalling path. */
        SDES
    }
}
