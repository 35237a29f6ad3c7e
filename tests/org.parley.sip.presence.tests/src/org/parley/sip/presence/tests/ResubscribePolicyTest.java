package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.sip.presence.internal.watch.NextStep;
import org.parley.sip.presence.internal.watch.ResubscribePolicy;
import org.parley.sip.presence.internal.watch.SubscriptionState;

class ResubscribePolicyTest {

    @Test
    void subscriptionStateHeadersAreReadWithTheirParameters() {
        assertEquals(new SubscriptionState.Active(Optional.of(Duration.ofSeconds(600))),
                SubscriptionState.parse("active;expires=600"));
        assertEquals(new SubscriptionState.Pending(Optional.empty()), SubscriptionState.parse(" Pending ;foo=bar"));
        assertEquals(new SubscriptionState.Terminated("probation", Optional.of(Duration.ofSeconds(30))),
                SubscriptionState.parse("terminated;reason=Probation;retry-after=30"));
        assertEquals(new SubscriptionState.Terminated("", Optional.empty()), SubscriptionState.parse("terminated;retry-after=x"));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.parse("sleeping"));
    }

    @Test
    void terminationReasonsDecideBetweenResubscribingAndGivingUp() {
        ResubscribePolicy policy = new ResubscribePolicy();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ZERO), policy.terminated(terminated("deactivated", null)));
        policy.refreshed();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ZERO), policy.terminated(terminated("timeout", null)));
        assertEquals(new NextStep.ResubscribeAfter(Duration.ofSeconds(30)), policy.terminated(terminated("probation", 30L)));
        assertInstanceOf(NextStep.GiveUp.class, policy.terminated(terminated("rejected", null)));
        assertInstanceOf(NextStep.GiveUp.class, policy.terminated(terminated("noresource", null)));
        assertInstanceOf(NextStep.ResubscribeAfter.class, policy.terminated(terminated("giveup", null)),
                "giveup without retry-after backs off");
    }

    @Test
    void aSubscriptionEndedAtOnceAgainBacksOffUntilOneLivesToItsRefresh() {
        ResubscribePolicy policy = new ResubscribePolicy();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ZERO), policy.terminated(terminated("deactivated", null)));
        policy.succeeded();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ofSeconds(5)), policy.terminated(terminated("deactivated", null)),
                "the next subscription was deactivated before its first refresh");
        policy.refreshed();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ZERO), policy.terminated(terminated("timeout", null)));
    }

    @Test
    void failuresBackOffExponentiallyUpToTenMinutesAndASuccessStartsAgain() {
        ResubscribePolicy policy = new ResubscribePolicy();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(((NextStep.ResubscribeAfter) policy.failed(Optional.empty(), Optional.empty())).delay().toSeconds());
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 600L, 600L, 600L), delays);
        policy.succeeded();
        assertEquals(new NextStep.ResubscribeAfter(Duration.ofSeconds(5)), policy.failed(Optional.of(503), Optional.empty()));
        assertEquals(new NextStep.ResubscribeAfter(Duration.ofSeconds(120)),
                policy.failed(Optional.of(503), Optional.of(Duration.ofSeconds(120))), "the server's Retry-After wins");
    }

    @Test
    void refusalsStopABadEventIsRetriedRarelyAndAForgottenSubscriptionIsRenewedAtOnce() {
        ResubscribePolicy policy = new ResubscribePolicy();
        for (int status : new int[] { 403, 404, 603, 604 }) {
            assertInstanceOf(NextStep.GiveUp.class, policy.failed(Optional.of(status), Optional.empty()), "status " + status);
        }
        assertEquals(new NextStep.ResubscribeAfter(Duration.ofSeconds(600)), policy.failed(Optional.of(489), Optional.empty()),
                "a peer without presence now may offer it later: asked again rarely");
        assertEquals(new NextStep.ResubscribeAfter(Duration.ZERO), policy.failed(Optional.of(481), Optional.empty()));
    }

    @Test
    void subscriptionsAreRefreshedBeforeTheyExpire() {
        assertEquals(Duration.ofSeconds(568), ResubscribePolicy.refreshAfter(Duration.ofSeconds(600)));
        assertEquals(Duration.ofSeconds(30), ResubscribePolicy.refreshAfter(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(1), ResubscribePolicy.refreshAfter(Duration.ofSeconds(1)));
    }

    private static SubscriptionState.Terminated terminated(String reason, Long retryAfter) {
        return new SubscriptionState.Terminated(reason, Optional.ofNullable(retryAfter).map(Duration::ofSeconds));
    }
}
