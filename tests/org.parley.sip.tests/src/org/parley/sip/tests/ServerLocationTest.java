package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parley.sip.internal.location.LocationException;
import org.parley.sip.internal.location.ServerLocation;
import org.parley.sip.internal.location.ServerLocator;
import org.parley.sip.internal.location.Service;
import org.parley.sip.internal.location.Target;

/**
 * Plain unit tests of an account's server location over time: the answer is kept for its
 * lifetime, failed targets are left for the next, an exhausted list is looked up anew, and
 * requests for the server (and only those) are sent to the target in use.
 */
class ServerLocationTest {

    private static final Duration LIFETIME = Duration.ofSeconds(600);
    private final FakeDns dns = new FakeDns().srv("_sip._udp.example.test", 10, 0, 5071, "a.example.test")
            .srv("_sip._udp.example.test", 20, 0, 5072, "b.example.test").host("a.example.test", "192.0.2.1")
            .host("b.example.test", "192.0.2.2");
    private final MovableClock clock = new MovableClock();
    private final List<Runnable> background = new ArrayList<>();
    private final ServerLocation location = new ServerLocation("example.test", OptionalInt.empty(), Service.UDP,
            new ServerLocator(dns, new Random(3)), LIFETIME, clock, background::add);

    @Test
    void anAnswerIsKeptForItsLifetime() throws Exception {
        assertEquals("192.0.2.1:5071/UDP", location.locate().toString());
        int queries = dns.queries.size();

        clock.advance(LIFETIME.minusSeconds(1));
        location.locate();
        assertEquals(queries, dns.queries.size(), "no DNS while the answer is fresh");

        clock.advance(Duration.ofSeconds(2));
        location.locate();
        assertEquals(2 * queries, dns.queries.size(), "looked up again once it is old");
    }

    @Test
    void aFailedTargetMakesWayForTheNextAndTheLastSendsBackToDns() throws Exception {
        Target first = location.locate();
        int queries = dns.queries.size();

        assertTrue(location.moveOn(first), "a second target is left");
        Target second = location.locate();
        assertEquals("192.0.2.2:5072/UDP", second.toString());
        assertTrue(location.moveOn(first), "a late failure of the first does not skip the second");
        assertEquals(second, location.locate());

        assertFalse(location.moveOn(second), "all targets failed");
        assertEquals(queries, dns.queries.size());
        assertEquals(first, location.locate(), "the next attempt starts from the first target again");
        assertEquals(2 * queries, dns.queries.size(), "after looking the server up anew");
    }

    @Test
    void aNewAnswerKeepsTheTargetInUseIfItIsStillThere() throws Exception {
        location.locate();
        location.moveOn(location.locate());
        clock.advance(LIFETIME.plusSeconds(1));

        assertEquals("192.0.2.2:5072/UDP", location.locate().toString(), "no fail-back at every refresh");
    }

    @Test
    void onlyRequestsForTheServerGoToTheTarget() throws Exception {
        Target target = location.locate();

        assertEquals(Optional.of(target), location.targetFor("EXAMPLE.test", 5060, "udp"), "no port: the default");
        assertEquals(Optional.empty(), location.targetFor("example.test", 5080, "udp"), "another port");
        assertEquals(Optional.empty(), location.targetFor("example.test", 5060, "tcp"), "another transport");
        assertEquals(Optional.empty(), location.targetFor("other.example.test", 5060, "udp"), "another host");
        assertEquals(Optional.empty(), location.targetFor("192.0.2.1", 5071, "udp"), "already an address");
    }

    @Test
    void anOldAnswerIsStillUsedWhileItIsLookedUpInTheBackground() throws Exception {
        Target target = location.locate();
        clock.advance(LIFETIME.plusSeconds(1));
        dns.clear();
        dns.srv("_sip._udp.example.test", 10, 0, 5090, "c.example.test").host("c.example.test", "192.0.2.3");

        assertEquals(Optional.of(target), location.current(), "the old target, without waiting for DNS");
        assertEquals(1, background.size(), "one look-up started");
        location.current();
        assertEquals(1, background.size(), "not two at a time");
        background.get(0).run();
        assertEquals("192.0.2.3:5090/UDP", location.current().orElseThrow().toString());
    }

    @Test
    void aFailedLookupIsRememberedBrieflyThenAskedAgain() {
        dns.clear();
        assertThrows(LocationException.class, location::locate);
        int queries = dns.queries.size();

        assertThrows(LocationException.class, location::locate);
        assertEquals(queries, dns.queries.size(), "the start and the first REGISTER do not both wait for DNS");
        assertEquals(Optional.empty(), location.current());

        clock.advance(Duration.ofSeconds(5));
        dns.srv("_sip._udp.example.test", 10, 0, 5071, "a.example.test").host("a.example.test", "192.0.2.1");
        assertEquals(Optional.empty(), location.targetFor("example.test", 5060, "udp"));
        background.forEach(Runnable::run);
        assertEquals("192.0.2.1:5071/UDP", location.current().orElseThrow().toString());
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
