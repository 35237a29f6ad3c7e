package org.parley.core.media;

import java.util.Locale;

/** Whether an account's calls encrypt their media (SRTP). */
public enum SrtpPolicy {
    /** Never: offers plain RTP and refuses offers that demand SRTP. */
    OFF,
    /** When the far end can: offers keys alongside plain RTP and accepts either. */
    OPTIONAL,
    /** Always: offers SRTP only and refuses (or ends) a call whose media cannot be secured. */
    MANDATORY;

    /**
     * Reads a setting's value: {@code off}, {@code optional} or {@code mandatory} (any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SrtpPolicy parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "optional" -> OPTIONAL;
            case "mandatory" -> MANDATORY;
            default -> throw new IllegalArgumentException("The SRTP policy is off, optional or mandatory, not " + value);
        };
    }

    /** The setting's value for this policy. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
