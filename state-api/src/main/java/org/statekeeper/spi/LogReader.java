package org.statekeeper.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.statekeeper.KeyInfo;

/**
 * Reading and querying the log: head rows for reads and store loading, events for catch-up and audit.
 * Every order of events is by sequence, so events of one microsecond keep their order.
 */
public interface LogReader {

    /** Returns the key's head row without locking, or empty when the key was never written. */
    Optional<Head> head(String key);

    /** Returns how many keys have been written (head rows past version 0), or -1 when the log cannot tell cheaply. */
    default long countHeads() {
        return -1;
    }

    /** Returns up to {@code limit} written heads with keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> heads(String afterKey, int limit);

    /** Returns up to {@code limit} written heads changed at or after {@code since}, keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> headsChangedSince(Instant since, String afterKey, int limit);

    /** Returns up to {@code limit} heads whose value expired at or before {@code now}, soonest first. */
    List<Head> expired(Instant now, int limit);

    /** Returns up to {@code limit} events with a sequence greater than {@code sequence}, in ascending sequence order. */
    List<LoggedChange> eventsAfter(long sequence, int limit);

    /** Returns up to {@code limit} events of {@code key}, newest first. */
    default List<LoggedChange> history(String key, int limit) {
        return history(key, 0, limit);
    }

    /** Returns up to {@code limit} events of {@code key}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> history(String key, int offset, int limit);

    /** Returns up to {@code limit} events written at or after {@code from}, in ascending sequence order. */
    List<LoggedChange> eventsSince(Instant from, int limit);

    /** Returns up to {@code limit} events made by {@code principal}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> byPrincipal(String principal, int offset, int limit);

    /**
     * Returns up to {@code limit} keys starting with {@code prefix} (matched literally) whose value is live at
     * {@code now}, keys after {@code afterKey} (null: from the start), in key order, each with the principal
     * and node of the event at its head's version.
     *
     * <p>This default reads every head after {@code afterKey} through {@link #heads(String, int)} and
     * each listed key's event at that version through {@link #history(String, int, int)}: correct on any log but
     * slow on a large one, so a log that can filter in one query overrides it.
     */
    default List<KeyInfo> keys(String prefix, String afterKey, Instant now, int limit) {
        List<KeyInfo> keys = new ArrayList<>();
        String after = afterKey;
        while (true) {
            List<Head> page = heads(after, limit);
            for (Head head : page) {
                if (head.key().startsWith(prefix) && head.liveAt(now)) {
                    // A head behind its newest event (a broken log, see LogRepair) still got its value from
                    // the event at its version: that one names the writer, found by counting back from the newest.
                    List<LoggedChange> newest = history(head.key(), 0, 1);
                    long ahead = newest.isEmpty() ? 0 : newest.get(0).version() - head.version();
                    List<LoggedChange> current = ahead <= 0 ? newest : history(head.key(), (int) ahead, 1);
                    current.stream().filter(e -> e.version() == head.version()).findFirst()
                            .ifPresent(e -> keys.add(head.keyInfo(e.principal(), e.nodeId())));
                    if (keys.size() == limit) {
                        return keys;
                    }
                }
            }
            if (page.size() < limit) {
                return keys;
            }
            after = page.get(page.size() - 1).key();
        }
    }
}
