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
 * @param elapsed how long the comparison took
 */
public record VerifyReport(long checked, long missing, long stale, long extra, List<String> missingSample,
        List<String> staleSample, List<String> extraSample, Duration elapsed) {

    /**
     * Copies the samples so the report is immutable.
     *
     * @throws NullPointerException when a component is null
     */
    public VerifyReport {
        missingSample = List.copyOf(missingSample);
        staleSample = List.copyOf(staleSample);
        extraSample = List.copyOf(extraSample);
    }

    /**
     * Returns whether the store equals the log.
     *
     * @return true when nothing is missing, stale or extra
     */
    public boolean consistent() {
        return missing == 0 && stale == 0 && extra == 0;
    }
}
