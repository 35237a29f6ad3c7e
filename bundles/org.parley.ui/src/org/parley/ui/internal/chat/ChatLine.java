package org.parley.ui.internal.chat;

import java.time.Instant;

import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;

/**
 * One message of a conversation as the transcript shows it.
 * @param delivery for the user's own messages, how far it got; received ones are always delivered
 */
record ChatLine(MessageId id, boolean outgoing, String text, Instant at, DeliveryState delivery) {

    ChatLine withDelivery(DeliveryState state) {
        return new ChatLine(id, outgoing, text, at, state);
    }
}
