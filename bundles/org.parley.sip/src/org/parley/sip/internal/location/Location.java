package org.parley.sip.internal.location;

import java.util.List;

/**
 * Where a server was found: the targets to try, in order (never empty), and how they were found,
 * in words (e.g. {@code NAPTR example.org, SRV _sip._udp.example.org}).
 */
public record Location(String name, List<Target> targets, String how) {

    public Location {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("A location has at least one target");
        }
    }
}
