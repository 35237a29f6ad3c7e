package org.parley.sip.internal.location;

import java.util.Comparator;
import java.util.List;

/**
 * RFC 3263 §4.1 on a domain's NAPTR records: the SRV names to look up for one transport, best
 * first. Only records with flag {@code s} (the next lookup is SRV), the transport's service
 * ({@code SIP+D2U}, {@code SIP+D2T} or {@code SIPS+D2T}) and a replacement count; they are ordered
 * by order, then preference.
 */
public final class NaptrSelection {

    private NaptrSelection() {
    }

    public static List<String> srvNames(List<NaptrRecord> records, Service service) {
        return records.stream()
                .filter(record -> record.flags().equalsIgnoreCase("s"))
                .filter(record -> record.service().equalsIgnoreCase(service.naptrService()))
                .filter(record -> !record.replacement().isEmpty())
                .sorted(Comparator.comparingInt(NaptrRecord::order).thenComparingInt(NaptrRecord::preference))
                .map(NaptrRecord::replacement)
                .distinct()
                .toList();
    }
}
