package org.statekeeper.core.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Statekeeper runtime counts for metrics, free of any metrics API: calls and their time per operation,
 * compare-and-set conflicts, store failures by where they happened, heals, rebuild progress and change-feed
 * delivery. Recording costs a few {@link LongAdder} increments and no allocation; publishers (MicroProfile
 * Metrics, Micrometer) read the figures when scraped, and may listen for each call's time to feed a timer.
 */
public final class StateMetrics {

    /** The timed operations of {@link org.statekeeper.StateManager}, with the tag value each is published under. */
    public enum Operation {
        /** Every {@code get} and {@code getVersioned}. */
        GET("get"),
        /** {@code set}, with or without a time to live. */
        SET("set"),
        /** {@code update}. */
        UPDATE("update"),
        /** {@code compareAndSet}, conflicts included. */
        COMPARE_AND_SET("compareAndSet"),
        /** {@code delete}. */
        DELETE("delete"),
        /** {@code setAll}. */
        SET_ALL("setAll");

        private final String tag;

        Operation(String tag) {
            this.tag = tag;
        }

        /**
         * Returns the name published in the {@code operation} tag.
         *
         * @return the operation's name as in the API
         */
        public String tag() {
            return tag;
        }
    }

    /** Where the store failed, published in the {@code kind} tag. */
    public enum StoreFailure {
        /** A read the store could not serve (it went to the log). */
        READ,
        /** A committed change the store could not take (its key pending until a heal). */
        APPLY,
        /** A heal that could not reach the store. */
        HEAL;

        /**
         * Returns the name published in the {@code kind} tag.
         *
         * @return the kind in lower case
         */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Told the time of each call as it completes, to feed a timer of a metrics API; must not block or throw. */
    public interface Listener {

        /**
         * One call of {@code operation} took {@code nanos}.
         *
         * @param operation the operation
         * @param nanos its duration in nanoseconds
         */
        void operation(Operation operation, long nanos);
    }

    private static final Listener[] NONE = {};

    private final LongAdder[] calls = adders(Operation.values().length);
    private final LongAdder[] nanos = adders(Operation.values().length);
    private final LongAdder[] storeFailures = adders(StoreFailure.values().length);
    private final LongAdder casConflicts = new LongAdder();
    private final LongAdder heals = new LongAdder();
    private final LongAdder failedHeals = new LongAdder();
    private final LongAdder rebuilds = new LongAdder();
    private final AtomicLong rebuildKeysTotal = new AtomicLong();
    private final AtomicLong rebuildKeysLoaded = new AtomicLong();
    private volatile boolean rebuilding;
    private final LongAdder remoteChanges = new LongAdder();
    private final LongAdder feedDelayNanos = new LongAdder();
    private volatile Listener[] listeners = NONE;

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        Arrays.setAll(adders, i -> new LongAdder());
        return adders;
    }

    /**
     * Records one call of {@code operation} that began at {@code startNanos} ({@link System#nanoTime()}).
     *
     * @param operation the operation
     * @param startNanos when the call began
     */
    public void completed(Operation operation, long startNanos) {
        long took = System.nanoTime() - startNanos;
        calls[operation.ordinal()].increment();
        nanos[operation.ordinal()].add(took);
        for (Listener listener : listeners) {
            listener.operation(operation, took);
        }
    }

    /** Records a compare-and-set that found another version than the expected one. */
    public void casConflict() {
        casConflicts.increment();
    }

    /**
     * Records a failure of the store.
     *
     * @param where what the store failed to do
     */
    public void storeFailed(StoreFailure where) {
        storeFailures[where.ordinal()].increment();
    }

    /**
     * Records a heal run.
     *
     * @param succeeded whether it reached the store and the log
     */
    public void healed(boolean succeeded) {
        heals.increment();
        if (!succeeded) {
            failedHeals.increment();
        }
    }

    /**
     * Records that a rebuild has started, with {@code total} head rows to load.
     *
     * @param total the keys the log holds
     */
    public void rebuildStarted(long total) {
        rebuildKeysTotal.set(total);
        rebuildKeysLoaded.set(0);
        rebuilding = true;
    }

    /**
     * Records a rebuild's progress.
     *
     * @param loaded the keys loaded so far
     */
    public void rebuildProgress(long loaded) {
        rebuildKeysLoaded.set(loaded);
    }

    /**
     * Records that a rebuild ended.
     *
     * @param completed whether it loaded everything and marked the store complete
     */
    public void rebuildEnded(boolean completed) {
        rebuilding = false;
        if (completed) {
            rebuilds.increment();
        }
    }

    /**
     * Records that another node's change was delivered here, {@code delayNanos} after the feed brought it.
     *
     * @param delayNanos from its arrival to its delivery to this node's store check and observers
     */
    public void remoteChangeDelivered(long delayNanos) {
        remoteChanges.increment();
        feedDelayNanos.add(delayNanos);
    }

    /**
     * Adds a listener told of every call's time from now on.
     *
     * @param listener the listener
     */
    public synchronized void listen(Listener listener) {
        Listener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
    }

    /**
     * Removes a listener added by {@link #listen}.
     *
     * @param listener the listener
     */
    public synchronized void stopListening(Listener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(Listener[]::new);
    }

    /** Returns the calls of {@code operation} so far (those that threw included). */
    public long calls(Operation operation) {
        return calls[operation.ordinal()].sum();
    }

    /** Returns the time the calls of {@code operation} took together, in seconds. */
    public double seconds(Operation operation) {
        return nanos[operation.ordinal()].sum() / 1e9;
    }

    /** Returns the compare-and-set conflicts so far. */
    public long casConflicts() {
        return casConflicts.sum();
    }

    /** Returns the store's failures of one kind so far. */
    public long storeFailures(StoreFailure where) {
        return storeFailures[where.ordinal()].sum();
    }

    /** Returns the heal runs so far. */
    public long heals() {
        return heals.sum();
    }

    /** Returns the heal runs that could not reach the store or the log. */
    public long failedHeals() {
        return failedHeals.sum();
    }

    /** Returns the rebuilds that completed. */
    public long rebuilds() {
        return rebuilds.sum();
    }

    /** Returns whether a rebuild is running on this node now. */
    public boolean rebuilding() {
        return rebuilding;
    }

    /** Returns the keys the running (or last) rebuild has to load. */
    public long rebuildKeysTotal() {
        return rebuildKeysTotal.get();
    }

    /** Returns the keys the running (or last) rebuild has loaded. */
    public long rebuildKeysLoaded() {
        return rebuildKeysLoaded.get();
    }

    /** Returns the other nodes' changes delivered here. */
    public long remoteChanges() {
        return remoteChanges.sum();
    }

    /** Returns the time those changes waited between the feed and their delivery, together, in seconds. */
    public double feedDelaySeconds() {
        return feedDelayNanos.sum() / 1e9;
    }
}
