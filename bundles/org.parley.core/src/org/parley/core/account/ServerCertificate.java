package org.parley.core.account;

import java.time.Instant;
import java.util.Objects;

/**
 * The certificate a server presented, as a user needs to see it to decide whether to trust it.
 *
 * @param fingerprint the SHA-256 fingerprint of the certificate, upper-case hex pairs joined by
 *                    colons ({@code AB:01:...}); this is what a pin stores
 * @param subject     whom the certificate was issued to (its distinguished name)
 * @param issuer      who issued it (the same as the subject when self-signed)
 * @param names       the host names and addresses the certificate is valid for, comma-separated
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 */
public record ServerCertificate(String fingerprint, String subject, String issuer, String names, Instant notBefore,
        Instant notAfter) {

    public ServerCertificate {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** Whether the certificate vouches for itself (no authority signed it). */
    public boolean selfSigned() {
        return subject.equals(issuer);
    }
}
