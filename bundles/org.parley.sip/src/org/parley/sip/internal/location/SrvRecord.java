package org.parley.sip.internal.location;

import java.util.List;

/**
 * An SRV record (RFC 2782): a host ({@code target}, without the final dot) and port offering a
 * service, with its priority (lower first) and weight (share of the load among equal priorities).
 * An empty target (the root, {@code .}) says the service is not offered.
 */
public record SrvRecord(int priority, int weight, int port, String target) {

    /**
     * Parses the presentation form, as JNDI gives it: {@code 10 60 5060 sip1.example.org.}.
     *
     * @throws IllegalArgumentException if the text is not an SRV record
     */
    public static SrvRecord parse(String text) {
        List<String> fields = RecordText.split(text);
        if (fields.size() != 4) {
            throw new IllegalArgumentException("Not an SRV record: " + text);
        }
        return new SrvRecord(RecordText.number(fields.get(0), text),
                RecordText.number(fields.get(1), text), RecordText.number(fields.get(2), text),
                RecordText.domainName(fields.get(3)));
    }

    /** Whether this record says that the service is not offered at all (target {@code .}). */
    public boolean refusesService() {
        return target.isEmpty();
    }
}
