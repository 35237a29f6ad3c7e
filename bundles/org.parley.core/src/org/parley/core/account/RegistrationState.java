package org.parley.core.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where an account's registration with its network stands. */
public sealed interface RegistrationState {

    /** Not registered, and not trying to be (the initial state, and after unregistering). */
    record Unregistered() implements RegistrationState {
    }

    /** A registration request is on its way. */
    record Registering() implements RegistrationState {
    }

    /**
     * Registered; the network forgets the account at {@code expires} unless it is refreshed,
     * which the provider does by itself. A provider whose login does not lapse while it is connected
     * (XMPP) gives a time more than a year ahead, which the console and the window show as no time at all.
     */
    record Registered(Instant expires) implements RegistrationState {
        public Registered {
            Objects.requireNonNull(expires, "expires");
        }
    }

    /**
     * Registration failed.
     *
     * @param reason  what kind of failure, for the UI to pick a message and a remedy
     * @param detail  what the network or the system said, for the user and the log
     * @param retryAt when the provider will try again by itself, if it will
     * @param certificate with {@link FailureReason#CERTIFICATE_NOT_TRUSTED}: the certificate the
     *                    server presented, which the user may decide to trust
     *                    ({@link Account#trustCertificate})
     */
    record Failed(FailureReason reason, String detail, Optional<Instant> retryAt,
            Optional<ServerCertificate> certificate) implements RegistrationState {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(certificate, "certificate");
        }

        /** A failure that has nothing to do with a certificate. */
        public Failed(FailureReason reason, String detail, Optional<Instant> retryAt) {
            this(reason, detail, retryAt, Optional.empty());
        }
    }

    /** Why a registration failed. */
    enum FailureReason {
        /** The server refused the credentials; retrying with the same ones is pointless. */
        WRONG_CREDENTIALS,
        /** The server could not be reached or did not answer. */
        UNREACHABLE,
        /** The server's certificate was not trusted. */
        CERTIFICATE_NOT_TRUSTED,
        /** The server answered with an error other than the ones above. */
        REJECTED,
        /** The account's settings are incomplete or contradictory. */
        MISCONFIGURED
    }
}
