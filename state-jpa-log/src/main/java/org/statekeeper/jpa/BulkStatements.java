package org.statekeeper.jpa;

import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;

/**
 * Runs JPQL bulk statements ({@code UPDATE}, {@code DELETE}) whose row count the log relies on. EclipseLink
 * 4.0 keeps one parsed query per JPQL text, shared by every thread of the persistence unit, and writes each
 * run's row count into it before reading it back, so a thread can return another thread's count (a
 * conditional head move reported as done when it matched nothing, or the reverse: a duplicate version or
 * a gap in a key's events). A query whose flush mode is set is copied first; AUTO is the default, so
 * nothing else changes, with any provider.
 */
final class BulkStatements {

    private BulkStatements() {
    }

    /** Executes {@code query} on a copy of its own and returns the number of rows it changed. */
    static int execute(Query query) {
        return own(query).executeUpdate();
    }

    /** Returns {@code query} made to run on a copy of its own of the provider's parsed statement. */
    static Query own(Query query) {
        return query.setFlushMode(FlushModeType.AUTO);
    }
}
