package org.statekeeper.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.statekeeper.HealStatus;
import org.statekeeper.StoreStatus;

class VerdictsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final StoreStatus SERVING = new StoreStatus("redis", true, true, null, 0);
    private static final StoreStatus HEALING = new StoreStatus("redis", false, false, null, 3);
    private static final StoreStatus LOST = new StoreStatus("redis", false, true, NOW.minusSeconds(5), 3);

    @Test
    void aServingOrHealingStoreIsReadyAndALostOneOnlyWhenNotRequired() {
        assertTrue(Verdicts.storeReady(SERVING, true));
        assertTrue(Verdicts.storeReady(HEALING, true), "reads go to the log while it heals");
        assertFalse(Verdicts.storeReady(LOST, true));
        assertTrue(Verdicts.storeReady(LOST, false));
    }

    @Test
    void theLogIsReadyWhileTheHealsLastReadAnswered() {
        assertTrue(Verdicts.logReady(new HealStatus(Duration.ofSeconds(1), NOW, null, null)));
        assertFalse(Verdicts.logReady(new HealStatus(Duration.ofSeconds(1), NOW, NOW.minusSeconds(3), null)));
    }

    @Test
    void aHealThatHasNotEndedWithinTheBoundIsAStall() {
        assertNull(Verdicts.stalled(new HealStatus(Duration.ofSeconds(1), NOW.minus(BOUND), null, null), SERVING, BOUND, NOW));
        assertNotNull(Verdicts.stalled(new HealStatus(Duration.ofSeconds(1), NOW.minus(BOUND).minusMillis(1), null, null),
                SERVING, BOUND, NOW));
    }

    @Test
    void aKeyPendingLongerThanTheBoundIsAStallOnlyWhileTheStoreAnswers() {
        HealStatus old = new HealStatus(Duration.ofSeconds(1), NOW, null, NOW.minus(BOUND).minusSeconds(1));
        assertNotNull(Verdicts.stalled(old, HEALING, BOUND, NOW));
        assertNull(Verdicts.stalled(old, LOST, BOUND, NOW), "a store that is down is readiness's concern");
        HealStatus recent = new HealStatus(Duration.ofSeconds(1), NOW, null, NOW.minusSeconds(10));
        assertNull(Verdicts.stalled(recent, HEALING, BOUND, NOW));
    }
}
