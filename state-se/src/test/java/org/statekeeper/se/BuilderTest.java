package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;

/** The builder refuses what cannot work, saying what to do instead. */
class BuilderTest {

    @Test
    void anEntityManagerFactoryIsRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateManagers.builder().build());
        assertTrue(e.getMessage().contains("StateEventEntity"), e.getMessage());
    }

    /** The container's rules and messages: each names the property, as a deployment failure does. */
    private static void rejectedAsInAContainer(String property, StateManagers.Builder builder) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, builder::build);
        assertEquals(property, e.getKey());
        assertTrue(e.getMessage().startsWith("Invalid configuration " + property + "="), e.getMessage());
    }

    @Test
    void badSettingsAreRejectedWithTheContainersRulesAndMessages() {
        rejectedAsInAContainer("state.node-id", StateManagers.builder().nodeId(""));
        rejectedAsInAContainer("state.node-id", StateManagers.builder().nodeId("a\nb"));
        rejectedAsInAContainer("state.log.retention",
                StateManagers.builder().logRetention(Duration.ofSeconds(59), Duration.ofHours(1)));
        rejectedAsInAContainer("state.log.retention.schedule",
                StateManagers.builder().logRetention(Duration.ofDays(30), Duration.ofMillis(999)));
        rejectedAsInAContainer("state.max-value-bytes", StateManagers.builder().property("state.max-value-bytes", "1MB"));
        rejectedAsInAContainer("state.expiry.sweep-interval",
                StateManagers.builder().property("state.expiry.sweep-interval", "999999999999999d"));
        assertThrows(IllegalArgumentException.class, () -> StateManagers.builder().maintenanceInterval(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> StateManagers.builder().principal(null));
    }
}
