package org.statekeeper;

import java.time.Duration;
import java.util.List;

/**
 * How the store differs from the log's head rows.
 *
 * @param checked head rows compared
 * @param missing keys the log has a value for and the store does not
 * @param stale keys the store holds at another version or value than the log
 * @param extra keys the store holds a value for and the log does not
 * @param missingSample up to 20 missing keys
 * @param staleSample up to 20 stale keys
 * @param extraSample up to 20 extra keys
 * @param behind keys whose head row is at an older version than their newest event in the log (a broken
 *        log: {@link RecoveryManager#repairHeads()} mends it)
 * @param behindSample up to 20 keys whose head row is behind
 * @param elapsed how long the comparison took
 */
public record VerifyReport(long checked, long missing, long stale, long extra, List<String> missingSample,
        List<String> staleSample, List<String> extraSample, long behind, List<String> behindSample, Duration elapsed) {

    /**
     * Copies the samples so the report is immutable.
     *
     * @throws NullPointerException when a component is null
     */
    public VerifyReport {
        missingSample = List.copyOf(missingSample);
        staleSample = List.copyOf(staleSample);
        extraSample = List.copyOf(extraSample);
        behindSample = List.copyOf(behindSample);
    }

    /**
     * Returns whether the store equals the log.
     *
     * @return true when nothing is missing, stale or extra, and no head row is behind
     */
    public boolean consistent() {
        return missing == 0 && stale == 0 && extra == 0 && behind == 0;
    }
}
