package org.parley.core.media;

import java.util.Objects;
import java.util.Optional;

/** Whether a session's media is encrypted, and how its keys were agreed. */
public sealed interface MediaSecurity {

    /** Plain RTP: anybody on the path can listen. */
    record Unsecured() implements MediaSecurity {
    }

    /**
     * Keys are being agreed on the media path (ZRTP): until they are, media flows unencrypted, and
     * if the far end never answers, it stays so.
     *
     * @param keyExchange how the keys are being agreed
     */
    record Negotiating(KeyExchange keyExchange) implements MediaSecurity {
        public Negotiating {
            Objects.requireNonNull(keyExchange, "keyExchange");
        }
    }

    /**
     * SRTP (RFC 3711).
     *
     * @param keyExchange how the keys were agreed
     * @param suite       the crypto suite in use, e.g. {@code AES_CM_128_HMAC_SHA1_80}
     * @param sas         with ZRTP, the short authentication string both users read to each other
     *                    to rule out a man in the middle; empty for key exchanges that have none
     */
    record Srtp(KeyExchange keyExchange, String suite, Optional<AuthenticationString> sas) implements MediaSecurity {
        public Srtp {
            Objects.requireNonNull(keyExchange, "keyExchange");
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(sas, "sas");
        }

        /** SRTP whose key exchange has no short authentication string (SDES). */
        public Srtp(KeyExchange keyExchange, String suite) {
            this(keyExchange, suite, Optional.empty());
        }
    }

    /**
     * ZRTP's short authentication string (RFC 6189 section 7): the same on both ends unless
     * somebody sits between them.
     *
     * @param text     the string to read aloud, e.g. {@code "k3z9"}
     * @param verified whether the user has confirmed that the far end reads the same (remembered
     *                 for later calls with the same peer)
     */
    record AuthenticationString(String text, boolean verified) {
        public AuthenticationString {
            Objects.requireNonNull(text, "text");
        }
    }

    /** How SRTP keys are agreed. */
    enum KeyExchange {
        /** In the SDP of the signalling (SDES, RFC 4568): as safe as the signalling path. */
        SDES,
        /** On the media path by Diffie-Hellman (ZRTP, RFC 6189), checked by the users' short authentication string. */
        ZRTP,
        /**
         * On the media path by a DTLS handshake (DTLS-SRTP, RFC 5763/5764) whose certificates must match
         * the fingerprints of the signalling.
         */
        DTLS
    }
}
