package org.statekeeper;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether this node's heal loop is making progress and its log answers, for liveness and readiness checks.
 *
 * @param interval how often the heal runs ({@code state.heal.interval})
 * @param lastHealEnded when the last heal run ended, successful or not (when the node started, before the first)
 * @param logFailingSince since when the heal could not read the log, or null while the log answered its last read
 * @param oldestPendingSince since when the key that has been pending longest has been pending, or null when none is
 */
public record HealStatus(Duration interval, Instant lastHealEnded, Instant logFailingSince, Instant oldestPendingSince) {
}
