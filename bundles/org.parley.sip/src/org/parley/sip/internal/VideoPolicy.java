package org.parley.sip.internal;

import java.util.Locale;

/** Whether an account's calls have video: its {@code video} setting. */
enum VideoPolicy {
    /** Never: offers of video are answered without it, and calls cannot add it. */
    OFF,
    /** Video the far end offers is taken; calls start without it and the user may add it. */
    ACCEPT,
    /** As {@link #ACCEPT}, and calls placed start with video. */
    OFFER;

    static VideoPolicy parse(String setting) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "", "accept" -> ACCEPT;
            case "offer" -> OFFER;
            default -> throw new IllegalArgumentException("The video setting is off, accept or offer, not " + setting);
        };
    }
}
