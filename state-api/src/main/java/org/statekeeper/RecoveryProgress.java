package org.statekeeper;

/**
 * Told how far a long recovery operation ({@link RecoveryManager#verify(RecoveryProgress)},
 * {@link RecoveryManager#rebuild(RecoveryProgress)}, {@link RecoveryManager#recover(java.time.Instant,
 * RecoveryProgress)}) has come, on the thread that runs it, after every page of keys. It must return
 * quickly and not throw: it is for showing progress, never for steering the operation.
 */
@FunctionalInterface
public interface RecoveryProgress {

    /** Progress that is not reported anywhere. */
    RecoveryProgress NONE = (phase, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} items of {@code phase} are handled.
     *
     * @param phase what the operation does now, e.g. {@code heads}, {@code store keys}, {@code load}
     * @param done items of this phase handled so far
     * @param total items this phase will handle, or -1 when not known in advance
     */
    void update(String phase, long done, long total);
}
