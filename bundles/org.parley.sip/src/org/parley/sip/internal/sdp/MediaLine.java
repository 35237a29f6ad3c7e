package org.parley.sip.internal.sdp;

import java.util.Objects;

/**
 * One {@code m=} line of an offer as it was written, kept so that an answer has the same lines in
 * the same order (RFC 3264 section 6), rejecting with port 0 those it does not take.
 *
 * @param kind    the media, e.g. {@code audio}, {@code video}, {@code application}
 * @param profile the transport profile
 * @param formats the format list as written (payload types, or other tokens)
 */
public record MediaLine(String kind, String profile, String formats) {

    public MediaLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(formats, "formats");
    }

    /** The line that rejects this one in an answer. */
    String rejected() {
        return "m=" + kind + " 0 " + profile + " " + formats + "\r\n";
    }
}
