package org.statekeeper;

import java.time.Instant;

/**
 * What an operator runs to bring the store back in line with the log after an incident. Every
 * operation is version guarded and idempotent: running it twice, or while the application writes,
 * never puts an older value in place of a newer one.
 */
public interface RecoveryManager {

    /** Clears the store's namespace and loads every head row into it (one node at a time), then marks it complete. */
    RecoveryReport rebuild();

    /** Re-applies every event with a sequence of {@code fromSequence} or more, in sequence order. */
    RecoveryReport replay(long fromSequence);

    /**
     * Re-applies the current state of every key changed at or after {@code since}.
     *
     * @param since the earliest change time to re-apply
     * @return what was re-applied and skipped
     * @throws InvalidArgumentException when {@code since} is null (argument {@code since})
     */
    RecoveryReport recover(Instant since);

    /** Compares the store with the head rows and reports missing, stale and extra keys, and head rows behind their key's newest event. */
    VerifyReport verify();

    /**
     * Moves every head row that is behind its key's newest event to that event (the acknowledged
     * change a head row failed to record), under the key's lock, and applies it to the store; heads
     * already current are left alone, so running it twice or while the application writes is safe.
     */
    RecoveryReport repairHeads();

    /**
     * Like {@link #rebuild()}, telling {@code progress} after every page how many head rows are loaded of how
     * many. The default ignores {@code progress}.
     *
     * @param progress told how far the rebuild has come
     * @return what was loaded and skipped
     */
    default RecoveryReport rebuild(RecoveryProgress progress) {
        return rebuild();
    }

    /**
     * Like {@link #recover(Instant)}, telling {@code progress} after every page how many keys are re-applied
     * (their total is not known in advance). The default ignores {@code progress}.
     *
     * @param since the earliest change time to re-apply
     * @param progress told how far the recovery has come
     * @return what was re-applied and skipped
     * @throws InvalidArgumentException when {@code since} is null (argument {@code since})
     */
    default RecoveryReport recover(Instant since, RecoveryProgress progress) {
        return recover(since);
    }

    /**
     * Like {@link #verify()}, telling {@code progress} after every page how many head rows are compared of how
     * many, then how many of the store's keys are looked at. The default ignores {@code progress}.
     *
     * @param progress told how far the comparison has come
     * @return how the store differs from the log
     */
    default VerifyReport verify(RecoveryProgress progress) {
        return verify();
    }
}
