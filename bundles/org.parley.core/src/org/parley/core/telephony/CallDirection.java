package org.parley.core.telephony;

/** Who started a call. */
public enum CallDirection {
    /** The user placed the call. */
    OUTGOING,
    /** Somebody called the user. */
    INCOMING
}
