package org.parley.sip.internal.location;

import java.util.List;

/**
 * A NAPTR record (RFC 3403) as RFC 3263 uses it: a service a domain offers and the name to look up
 * next for it ({@code replacement}, without the final dot; empty for none).
 */
public record NaptrRecord(int order, int preference, String flags, String service, String regexp,
        String replacement) {

    /**
     * Parses the presentation form, as JNDI gives it:
     * {@code 10 50 "s" "SIP+D2U" "" _sip._udp.example.org.} (the quotes are optional).
     *
     * @throws IllegalArgumentException if the text is not a NAPTR record
     */
    public static NaptrRecord parse(String text) {
        List<String> fields = RecordText.split(text);
        if (fields.size() != 6) {
            throw new IllegalArgumentException("Not a NAPTR record: " + text);
        }
        return new NaptrRecord(RecordText.number(fields.get(0), text), RecordText.number(fields.get(1), text),
                fields.get(2), fields.get(3), fields.get(4), RecordText.domainName(fields.get(5)));
    }
}
