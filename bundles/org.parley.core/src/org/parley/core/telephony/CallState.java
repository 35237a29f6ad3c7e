package org.parley.core.telephony;

/** The stages of a call, in the order a call usually passes them. */
public enum CallState {
    /** Outgoing: the request is on its way, the far end has not rung yet. */
    DIALING,
    /** Outgoing: the far end is ringing. */
    RINGING,
    /** Outgoing: the far end plays audio (a tone or an announcement) before answering. */
    EARLY_MEDIA,
    /** Incoming: the call waits for the user to answer or reject it. */
    INCOMING,
    /** Both sides are talking. */
    CONNECTED,
    /** Connected, but one side has put the call on hold. */
    ON_HOLD,
    /** Over; see {@link CallEvent.Ended} for why. */
    ENDED
}
