package org.parley.sip.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.sip.header.OptionTag;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;

/** The SIP extensions (option tags) calls understand, and what a message requires or supports. */
final class Extensions {

    /** Reliable provisional responses, RFC 3262. */
    static final String RELIABLE_PROVISIONALS = "100rel";
    /** The Replaces header, RFC 3891. */
    static final String REPLACES = "replaces";
    private static final List<String> UNDERSTOOD = List.of(RELIABLE_PROVISIONALS, REPLACES);

    private Extensions() {
    }

    /** Whether the message lists {@code tag} in a Require header. */
    static boolean required(Message message, String tag) {
        return tags(message.getHeaders(RequireHeader.NAME)).contains(tag);
    }

    /** Whether the message lists {@code tag} in a Require or a Supported header. */
    static boolean supported(Message message, String tag) {
        return required(message, tag) || tags(message.getHeaders(SupportedHeader.NAME)).contains(tag);
    }

    /** The option tags the message requires that calls do not understand (to refuse with 420). */
    static List<String> notUnderstood(Message message) {
        return tags(message.getHeaders(RequireHeader.NAME)).stream().filter(tag -> !UNDERSTOOD.contains(tag))
                .toList();
    }

    private static List<String> tags(Iterator<?> headers) {
        List<String> tags = new ArrayList<>();
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof OptionTag tag) {
                tags.add(tag.getOptionTag().strip().toLowerCase(Locale.ROOT));
            }
        }
        return tags;
    }
}
