package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses what cannot work, saying what to do instead. */
class BuilderTest {

    @Test
    void anEntityManagerFactoryIsRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateManagers.builder().build());
        assertTrue(e.getMessage().contains("StateEventEntity"), e.getMessage());
    }

    @Test
    void badSettingsAreRejectedWhenGiven() {
        assertThrows(IllegalArgumentException.class, () -> StateManagers.builder().nodeId(""));
        assertThrows(IllegalArgumentException.class, () -> StateManagers.builder().nodeId("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> StateManagers.builder().maintenanceInterval(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> StateManagers.builder().principal(null));
        assertThrows(IllegalArgumentException.class,
                () -> StateManagers.builder().logRetention(Duration.ofSeconds(59), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> StateManagers.builder().logRetention(Duration.ofDays(30), Duration.ofMillis(999)));
    }
}
