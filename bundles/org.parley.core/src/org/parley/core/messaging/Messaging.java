package org.parley.core.messaging;

import org.parley.core.Address;

/**
 * Instant messages for one account. Registered once per account with
 * {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code messaging}.
 */
public interface Messaging {

    /**
     * Sends {@code text} to {@code peer}. The message is stored before it leaves, so it is never
     * lost; its fate arrives as {@link MessageEvent.DeliveryChanged} events.
     *
     * @return the new message's id
     */
    MessageId send(Address peer, String text);

    /** Sends a message again whose delivery {@link DeliveryState.Failed failed}. */
    void resend(MessageId message);

    /** Tells {@code peer} whether the user is typing. */
    void setTyping(Address peer, boolean typing);
}
