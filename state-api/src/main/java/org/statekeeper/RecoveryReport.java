package org.statekeeper;

import java.time.Duration;
import java.util.List;

/**
 * What a recovery operation did.
 *
 * @param operation {@code rebuild}, {@code replay}, {@code recover} or {@code repairHeads}
 * @param applied rows (heads or events) written to the store, version guarded
 * @param corrupt rows skipped because their stored value is not readable JSON (for {@code repairHeads}: keys
 *        whose head row could not be repaired, each logged with the reason)
 * @param corruptSample up to 20 of the skipped rows, as {@code key@version} (for {@code repairHeads}: keys)
 * @param elapsed how long the operation took
 */
public record RecoveryReport(String operation, long applied, long corrupt, List<String> corruptSample, Duration elapsed) {

    /**
     * Copies the sample so the report is immutable.
     *
     * @throws NullPointerException when a component is null
     */
    public RecoveryReport {
        corruptSample = List.copyOf(corruptSample);
    }
}
