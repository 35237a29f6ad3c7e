package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.Address;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.testkit.accounts.AccountFixture;
import org.parley.testkit.sipp.Sipp;

/**
 * The watcher against a notifier that misbehaves or ends subscriptions (SIPp scenarios of the test
 * kit): hostile presence documents are answered and ignored, a short subscription is refreshed
 * before it expires, a rejection stops the watch, a deactivation or timeout brings a new
 * subscription.
 */
class WatcherRobustnessTest {

    private static final Duration SIPP_LIMIT = Duration.ofSeconds(40);
    private final BundleContext context = FrameworkUtil.getBundle(WatcherRobustnessTest.class).getBundleContext();
    private AccountFixture accounts;
    private Path trace;

    @BeforeEach
    void alice() throws Exception {
        accounts = new AccountFixture();
        int port = freePort();
        trace = AccountFixture.WORK.resolve("trace-robust-alice-" + port + ".log");
        accounts.create("alice", "sip:alice@127.0.0.1", null, Map.of("register", "false", "localAddress", "127.0.0.1",
                "localPort", String.valueOf(port), "keepAliveInterval", "0", "sipTrace", "true", "sipTraceFile", trace.toString()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        accounts.close();
    }

    @Test
    void hostileDocumentsAreAnsweredAndIgnoredAShortSubscriptionIsRefreshedAndARejectionStopsTheWatch() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("org.parley.sip.presence.internal.ContactWatch");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try (Sipp sipp = Sipp.scenario("uas-presence-hostile.xml").workDir(AccountFixture.WORK).key("lb", "[").key("rb", "]")
                .timeout(SIPP_LIMIT).start()) {
            Address service = new Address(sipp.uri("service"));
            try (PresenceEvents events = new PresenceEvents(context, "alice", service)) {
                PresenceEvents.presence(context, "alice").watch(service);
                List<PresenceStatus> expected = List.of(
                        new PresenceStatus(Availability.AVAILABLE, Optional.of("first")),
                        new PresenceStatus(Availability.AWAY, Optional.of("second")),
                        new PresenceStatus(Availability.BUSY, Optional.of("refreshed")),
                        PresenceStatus.of(Availability.UNKNOWN));
                for (PresenceStatus status : expected) {
                    events.await(status);
                }
                Sipp.Result result = sipp.await(SIPP_LIMIT);
                assertTrue(result.succeeded(), "every NOTIFY got its 200 and the refresh came in time: " + result);
                assertEquals(expected, events.seen(), "the hostile documents changed nothing");
            }
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(2, warnings.stream().filter(message -> message.startsWith("Ignored the presence document")).count(),
                "both hostile documents were logged: " + warnings);
        // rejected: no new subscription, not even when the refresh would have been due (2 s)
        Thread.sleep(3000);
        assertEquals(2, count(Pattern.compile("(?m)^SUBSCRIBE sip:service@"), Files.readString(trace)),
                "the initial SUBSCRIBE and its refresh, nothing after the rejection");
    }

    @Test
    void anOlderNotifyArrivingAfterANewerOneChangesNothing() throws Exception {
        try (Sipp sipp = Sipp.scenario("uas-presence-out-of-order.xml").workDir(AccountFixture.WORK).timeout(SIPP_LIMIT)
                .start()) {
            Address service = new Address(sipp.uri("service"));
            try (PresenceEvents events = new PresenceEvents(context, "alice", service)) {
                PresenceEvents.presence(context, "alice").watch(service);
                List<PresenceStatus> expected = List.of(new PresenceStatus(Availability.AWAY, Optional.of("newer")),
                        PresenceStatus.of(Availability.UNKNOWN));
                for (PresenceStatus status : expected) {
                    events.await(status);
                }
                Sipp.Result result = sipp.await(SIPP_LIMIT);
                assertTrue(result.succeeded(), "every NOTIFY was answered: " + result);
                assertEquals(expected, events.seen(), "the older NOTIFY (CSeq 2 after 3) was not shown");
            }
        }
    }

    @Test
    void aDeactivatedSubscriptionIsRenewed() throws Exception {
        assertRenewedAfter("deactivated");
    }

    @Test
    void aTimedOutSubscriptionIsRenewed() throws Exception {
        assertRenewedAfter("timeout");
    }

    private void assertRenewedAfter(String reason) throws Exception {
        try (Sipp sipp = Sipp.scenario("uas-presence-ends.xml").workDir(AccountFixture.WORK).calls(2).key("reason", reason)
                .timeout(SIPP_LIMIT).start()) {
            Address service = new Address(sipp.uri("service"));
            try (PresenceEvents events = new PresenceEvents(context, "alice", service)) {
                PresenceEvents.presence(context, "alice").watch(service);
                events.await(new PresenceStatus(Availability.AVAILABLE, Optional.of("call 1")));
                events.await(new PresenceStatus(Availability.AVAILABLE, Optional.of("call 2")));
                Sipp.Result result = sipp.await(SIPP_LIMIT);
                assertTrue(result.succeeded(), "two subscriptions, both notified and ended: " + result);
            }
        }
    }

    private static long count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        long found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    private static int freePort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
