package org.parley.ui.internal.session;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;

/** Services of one kind kept in service-ranking order (highest first, then oldest first). */
final class Ranked<S> {

    private record Entry<S>(S service, int ranking, long id) {
    }

    private final Map<S, Entry<S>> entries = new ConcurrentHashMap<>();

    void add(S service, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        entries.put(service, new Entry<>(service, ranking instanceof Integer r ? r : 0,
                id instanceof Long l ? l : Long.MAX_VALUE));
    }

    void remove(S service) {
        entries.remove(service);
    }

    List<S> list() {
        return entries.values().stream()
                .sorted(Comparator.comparingInt((Entry<S> e) -> -e.ranking()).thenComparingLong(Entry::id))
                .map(Entry::service).toList();
    }
}
