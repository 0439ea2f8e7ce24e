package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;

/** Audit queries and retention on H2 2.x in memory, the embedded default; always runs. */
class H2AuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.h2();
    }
}
