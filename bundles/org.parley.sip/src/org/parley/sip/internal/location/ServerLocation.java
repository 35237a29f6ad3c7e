package org.parley.sip.internal.location;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where one account's server is, kept current: located by {@link ServerLocator} when first asked
 * and again once the answer is older than its lifetime (JNDI gives no TTLs, so the account's
 * registration interval), with the target in use and the move to the next one when it fails.
 * DNS queries run on the thread of {@link #locate()} (the account's), never while a lock is held,
 * so that {@link #targetFor} and {@link #current()} never wait for DNS.
 */
public final class ServerLocation {

    /**
     * How long a failed location is remembered: the account's start and its first REGISTER must
     * not both wait for a DNS server that does not answer; shorter than the first retry.
     */
    static final Duration FAILURE_MEMORY = Duration.ofSeconds(4);

    private final String host;
    private final OptionalInt port;
    private final Service service;
    private final ServerLocator locator;
    private final Duration lifetime;
    private final Clock clock;
    private final Executor refresher;

    // guarded by this
    private Optional<Location> location = Optional.empty();
    private int current;
    private Optional<LocationException> failure = Optional.empty();
    private Instant freshUntil = Instant.MIN;
    private boolean refreshing;

    /**
     * @param host      the server's host name or address, as configured
     * @param port      its port, if configured (then A/AAAA only)
     * @param lifetime  how long a location is used before it is looked up again
     * @param refresher where {@link #current()} looks up an old location again, in the background
     */
    public ServerLocation(String host, OptionalInt port, Service service, ServerLocator locator, Duration lifetime,
            Clock clock, Executor refresher) {
        this.host = host;
        this.port = port;
        this.service = service;
        this.locator = locator;
        this.lifetime = lifetime;
        this.clock = clock;
        this.refresher = refresher;
    }

    /** The configured host, e.g. {@code example.org}. */
    public String host() {
        return host;
    }

    public Service service() {
        return service;
    }

    /**
     * The target to use now, looking the server up first if the last answer is too old.
     * Blocks while DNS answers (each query is bounded).
     */
    public Target locate() throws LocationException {
        synchronized (this) {
            if (clock.instant().isBefore(freshUntil)) {
                if (location.isPresent()) {
                    return location.get().targets().get(current);
                }
                throw failure.orElseThrow();
            }
        }
        try {
            Location found = locator.locate(host, port, service);
            synchronized (this) {
                use(found);
                return found.targets().get(current);
            }
        } catch (LocationException e) {
            synchronized (this) {
                failure = Optional.of(e);
                freshUntil = clock.instant().plus(FAILURE_MEMORY);
                if (location.isEmpty()) {
                    throw e;
                }
                // an old answer is better than none while DNS is away
                return location.get().targets().get(current);
            }
        }
    }

    /**
     * The target in use, without waiting: the last one located, even when its lifetime is over
     * (a look-up in the background is started then). Empty if the server was never located.
     */
    public Optional<Target> current() {
        boolean refresh;
        Optional<Target> target;
        synchronized (this) {
            target = location.map(found -> found.targets().get(current));
            refresh = !refreshing && !clock.instant().isBefore(freshUntil);
            refreshing |= refresh;
        }
        if (refresh) {
            try {
                refresher.execute(this::refresh);
            } catch (RejectedExecutionException stopping) {
                synchronized (this) {
                    refreshing = false;
                }
            }
        }
        return target;
    }

    /**
     * Where a request for {@code hopHost:hopPort} over {@code transport} goes: the target in use,
     * if that is this server (the port JAIN-SIP fills in when none was given is the default one),
     * else empty (the hop is not ours to locate).
     */
    public Optional<Target> targetFor(String hopHost, int hopPort, String transport) {
        if (!hopHost.equalsIgnoreCase(host) || !transport.equalsIgnoreCase(service.transport())
                || hopPort != port.orElse(service.defaultPort())) {
            return Optional.empty();
        }
        return current();
    }

    /**
     * {@code failed} did not answer or could not be reached: the next target becomes the one in
     * use. When every target has failed, the first is in use again and the next {@link #locate()}
     * looks the server up anew.
     *
     * @return whether a target is left that has not failed yet
     */
    public synchronized boolean moveOn(Target failed) {
        if (location.isEmpty()) {
            return false;
        }
        List<Target> targets = location.get().targets();
        if (!targets.get(current).equals(failed)) {
            return true; // another request moved on already
        }
        if (current + 1 < targets.size()) {
            current++;
            return true;
        }
        current = 0;
        freshUntil = Instant.MIN;
        return false;
    }

    /** The last location found, if any. */
    public synchronized Optional<Location> location() {
        return location;
    }

    private void refresh() {
        try {
            locate();
        } catch (LocationException e) {
            // remembered; the next REGISTER reports it
        } finally {
            synchronized (this) {
                refreshing = false;
            }
        }
    }

    /** Takes a new answer, staying with the target in use if it is still among the new ones. */
    private void use(Location found) {
        int same = location.map(old -> found.targets().indexOf(old.targets().get(current))).orElse(-1);
        current = Math.max(same, 0);
        location = Optional.of(found);
        failure = Optional.empty();
        freshUntil = clock.instant().plus(lifetime);
    }
}
