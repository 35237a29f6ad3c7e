package org.parley.core.presence;

/** How reachable somebody is, from most to least. */
public enum Availability {
    /** Online and free. */
    AVAILABLE,
    /** Online, in a call. */
    ON_THE_PHONE,
    /** Online, busy. */
    BUSY,
    /** Online, but asks not to be disturbed. */
    DO_NOT_DISTURB,
    /** Online, but away from the device. */
    AWAY,
    /** Not online. */
    OFFLINE,
    /** Nothing is known (not subscribed, or the subscription was refused). */
    UNKNOWN
}
