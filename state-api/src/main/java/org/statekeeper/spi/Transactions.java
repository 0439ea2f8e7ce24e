package org.statekeeper.spi;

import java.util.function.Supplier;

/**
 * The transaction system the write path runs in: JTA in a container, resource-local in Java SE.
 */
public interface Transactions {

    /** Returns whether the current thread runs in a transaction that can still commit. */
    boolean isActive();

    /** Runs {@code work} in the current transaction, or in a new one committed on return when there is none. */
    <T> T required(Supplier<T> work);

    /** Runs {@code work} in a new transaction committed on return, suspending the current one meanwhile. */
    <T> T requiresNew(Supplier<T> work);

    /** Returns the value bound to {@code key} in the current transaction, or null. */
    Object getResource(Object key);

    /** Binds {@code value} to {@code key} for the rest of the current transaction. */
    void putResource(Object key, Object value);

    /**
     * Runs {@code action} after the current transaction has committed, before the committing call returns;
     * never after a rollback. Actions registered through this and {@link #afterCompletion} run in the order
     * they were registered, whatever order the transaction system gives its own synchronizations.
     */
    void onCommit(Runnable action);

    /** Runs {@code action} once the current transaction has ended, whether it committed or rolled back, on whichever thread ended it. */
    void afterCompletion(Runnable action);
}
