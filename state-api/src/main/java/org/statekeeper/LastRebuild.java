package org.statekeeper;

import java.time.Duration;
import java.time.Instant;

/**
 * The last rebuild of the store this node ran (started by an operator or by the heal of a store that
 * lost its generation marker).
 *
 * @param finishedAt when it finished
 * @param keys head rows loaded into the store
 * @param corrupt head rows skipped because their value is not readable JSON
 * @param elapsed how long it took
 */
public record LastRebuild(Instant finishedAt, long keys, long corrupt, Duration elapsed) {
}
