package org.statekeeper.testing.workload;

import java.util.List;
import java.util.Optional;

/**
 * The log's rows of one key as the database holds them, read behind the library's back (plain JDBC or
 * a native query), so that a mapping mistake cannot hide itself by reading back what it wrote.
 */
public interface LogRows {

    /** One event row: its version, change type ({@code SET}, {@code DELETE}, {@code EXPIRE}) and value JSON. */
    record Event(long version, String type, String json) {
    }

    /** The head row: the key's current version and value JSON (null when deleted). */
    record Head(long version, String json) {
    }

    /** Returns every event row of {@code key}, in any order. */
    List<Event> events(String key);

    /** Returns the head row of {@code key}, or empty when it has none. */
    Optional<Head> head(String key);
}
