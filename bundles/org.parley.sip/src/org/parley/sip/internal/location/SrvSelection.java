package org.parley.sip.internal.location;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * RFC 2782 on the SRV records of one name: the order to try them in. Lower priorities come first;
 * within a priority, records are drawn at random, each with a chance proportional to its weight
 * (weight 0: only a small chance of coming before the others). Records refusing the service
 * (target {@code .}) are left out.
 */
public final class SrvSelection {

    private SrvSelection() {
    }

    public static List<SrvRecord> order(List<SrvRecord> records, RandomGenerator random) {
        Map<Integer, List<SrvRecord>> byPriority = new TreeMap<>();
        for (SrvRecord record : records) {
            if (!record.refusesService()) {
                byPriority.computeIfAbsent(record.priority(), priority -> new ArrayList<>()).add(record);
            }
        }
        List<SrvRecord> ordered = new ArrayList<>();
        for (List<SrvRecord> group : byPriority.values()) {
            ordered.addAll(drawByWeight(group, random));
        }
        return List.copyOf(ordered);
    }

    /**
     * RFC 2782's selection: with the weight-0 records first, pick a number from 0 to the sum of the
     * weights (inclusive) and take the first record whose running sum reaches it; repeat with
     * the rest.
     */
    private static List<SrvRecord> drawByWeight(List<SrvRecord> group, RandomGenerator random) {
        List<SrvRecord> left = new ArrayList<>(group);
        left.sort(Comparator.comparing(record -> record.weight() != 0));
        List<SrvRecord> drawn = new ArrayList<>();
        while (!left.isEmpty()) {
            int total = left.stream().mapToInt(SrvRecord::weight).sum();
            int pick = random.nextInt(total + 1);
            int running = 0;
            for (int i = 0; i < left.size(); i++) {
                running += left.get(i).weight();
                if (running >= pick) {
                    drawn.add(left.remove(i));
                    break;
                }
            }
        }
        return drawn;
    }
}
