package org.parley.core.media;

import java.util.List;
import java.util.Objects;

/**
 * One side's ICE (RFC 8445) description of a stream, as SDP carries it (RFC 8839): the credentials
 * its connectivity checks are signed with, and its candidates.
 *
 * @param ufrag      {@code a=ice-ufrag}, at least 4 characters
 * @param password   {@code a=ice-pwd}, at least 22 characters
 * @param candidates {@code a=candidate} lines, for RTP (component 1) and RTCP (component 2)
 */
public record IceParameters(String ufrag, String password, List<IceCandidate> candidates) {

    public IceParameters {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        candidates = List.copyOf(candidates);
        if (ufrag.length() < 4 || password.length() < 22) {
            throw new IllegalArgumentException("ICE needs a ufrag of 4 and a password of 22 characters at least");
        }
    }

    /** The password is a secret: it is left out, so that a logged record gives nothing away. */
    @Override
    public String toString() {
        return "IceParameters[ufrag=" + ufrag + ", candidates=" + candidates + "]";
    }
}
