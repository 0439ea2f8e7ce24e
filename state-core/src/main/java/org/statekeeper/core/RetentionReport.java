package org.statekeeper.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the {@link RetentionJob} did; counts only, never keys or values.
 *
 * @param ran false when another node held the retention lock, so this run did nothing
 * @param eventsDeleted event rows deleted, those of removed deleted keys included
 * @param tombstonesRemoved head rows of deleted keys removed (each key starts again at version 1)
 * @param batches transactions that deleted events, plus pages of deleted keys processed
 * @param elapsed how long the run took
 */
public record RetentionReport(boolean ran, long eventsDeleted, long tombstonesRemoved, long batches, Duration elapsed) {

    /**
     * Checks the report.
     *
     * @throws NullPointerException when {@code elapsed} is null
     */
    public RetentionReport {
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
