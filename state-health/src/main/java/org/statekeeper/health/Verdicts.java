package org.statekeeper.health;

import java.time.Duration;
import java.time.Instant;
import org.statekeeper.HealStatus;
import org.statekeeper.StoreStatus;

/**
 * What the health checks decide from the monitor's figures, apart from the health API so that the rules are
 * tested without a server.
 */
final class Verdicts {

    private Verdicts() {
    }

    /**
     * A store that answers serves reads or is healing (rebuilding, catching up): both are ready, since reads go to
     * the log meanwhile. A store that does not answer is not ready only when the store is required.
     */
    static boolean storeReady(StoreStatus store, boolean storeRequired) {
        return store.failingSince() == null || !storeRequired;
    }

    /** The log is ready while the heal's last read of it answered. */
    static boolean logReady(HealStatus heal) {
        return heal.logFailingSince() == null;
    }

    /**
     * Returns why the heal loop stands still, or null when it does not: its last run ended longer ago than the
     * bound (a run hangs), or a key has been pending longer than the bound while the store answers (the heal
     * runs but does not bring the key to the store). A store that does not answer is readiness's concern: a
     * restart would not bring it back.
     */
    static String stalled(HealStatus heal, StoreStatus store, Duration bound, Instant now) {
        if (heal.lastHealEnded().plus(bound).isBefore(now)) {
            return "no heal has ended since " + heal.lastHealEnded();
        }
        Instant oldest = heal.oldestPendingSince();
        if (store.failingSince() == null && oldest != null && oldest.plus(bound).isBefore(now)) {
            return "a key has been pending since " + oldest + " while the store answers";
        }
        return null;
    }
}
