package org.statekeeper.testing.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * Several threads calling get, set, compare-and-set, update, delete and setAll at random on a few keys,
 * plus transactions that touch a key twice: the ordinary concurrency of an application, which is where
 * a write path's races show. Every value is a {@code Long}; every blind write's value is unique, so the
 * log row a caller's version names can be told apart from every other; an update adds 1.
 *
 * <p>Only {@link StateConflictException} from a compare-and-set is an expected failure; any other
 * exception is recorded in {@link Result#failures()}.
 */
public final class MixedWorkload {

    /**
     * Runs work in one transaction (a {@code @Transactional} bean, or a resource-local one in Java SE). The
     * workload's own checks inside it throw unchecked exceptions, so that the transaction rolls back.
     */
    public interface TransactionScope {

        /** Runs {@code work} inside one transaction that commits when it returns and rolls back when it throws. */
        <T> T inOneTransaction(Supplier<T> work);
    }

    /**
     * What the workload did.
     *
     * @param observations what the calls returned, in no particular order
     * @param failures every unexpected exception, with the operation and key in its message
     * @param conflicts how many compare-and-sets lost a race (expected)
     * @param operations how many operations ran
     */
    public record Result(List<Observation> observations, List<Throwable> failures, int conflicts, int operations) {

        /**
         * Throws when any operation failed unexpectedly.
         *
         * @param context appended to the message, such as the seed to replay the run with
         * @throws AssertionError carrying the first failure as its cause and the next few as suppressed
         */
        public void requireNoFailures(String context) {
            if (failures.isEmpty()) {
                return;
            }
            AssertionError all = new AssertionError(failures.size() + " of " + operations + " operations failed"
                    + context + "; the first: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).limit(5).forEach(all::addSuppressed);
            throw all;
        }
    }

    private final List<StateManager> nodes;
    private final TransactionScope transactions;
    private final List<String> keys;
    private final ThreadFactory threadFactory;

    /**
     * Creates a workload.
     *
     * @param nodes the managers to call, one per node; thread {@code i} calls node {@code i % nodes.size()}
     * @param transactions starts a transaction for the operations that run several calls in one
     * @param keys the keys to work on (few, so that writers meet)
     * @param threadFactory makes the worker threads (a managed one inside a server)
     */
    public MixedWorkload(List<StateManager> nodes, TransactionScope transactions, List<String> keys,
            ThreadFactory threadFactory) {
        this.nodes = List.copyOf(nodes);
        this.transactions = transactions;
        this.keys = List.copyOf(keys);
        this.threadFactory = threadFactory;
    }

    /**
     * Runs {@code operationsPerThread} random operations on each of {@code threads} threads, all released
     * together, and waits for them.
     *
     * @param threads how many threads
     * @param operationsPerThread how many operations each runs
     * @param seed the seed of the random choices (printed by a failing test, to replay it)
     * @param timeout the longest the whole run may take
     * @return what the calls returned and every unexpected failure
     * @throws IllegalStateException when the threads do not finish in time (a deadlock or a lost lock)
     */
    public Result run(int threads, int operationsPerThread, long seed, java.time.Duration timeout) {
        List<Observation> observations = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        int[] conflicts = new int[threads];
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Worker worker = new Worker(t, nodes.get(t % nodes.size()), seeds.split(), observations, failures);
            int index = t;
            Thread thread = threadFactory.newThread(() -> {
                try {
                    start.await();
                    for (int n = 0; n < operationsPerThread; n++) {
                        worker.step(n);
                    }
                    conflicts[index] = worker.conflicts;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            workers.add(thread);
            thread.start();
        }
        start.countDown();
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.forEach(Thread::interrupt);
                IllegalStateException hung = new IllegalStateException("The workload's " + threads
                        + " threads did not finish within " + timeout + "; " + failures.size() + " operations had failed");
                synchronized (failures) {
                    failures.stream().limit(10).forEach(hung::addSuppressed);
                }
                throw hung;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int conflictCount = 0;
        for (int c : conflicts) {
            conflictCount += c;
        }
        return new Result(List.copyOf(observations), List.copyOf(failures), conflictCount, threads * operationsPerThread);
    }

    /** One thread's operations; its values are unique across threads (thread number in the high digits). */
    private final class Worker {
        private final int thread;
        private final StateManager state;
        private final RandomGenerator random;
        private final List<Observation> observations;
        private final List<Throwable> failures;
        private long written;
        int conflicts;

        Worker(int thread, StateManager state, RandomGenerator random, List<Observation> observations,
                List<Throwable> failures) {
            this.thread = thread;
            this.state = state;
            this.random = random;
            this.observations = observations;
            this.failures = failures;
        }

        private long nextValue() {
            return (thread + 1) * 1_000_000_000L + (++written) * 1000;
        }

        void step(int n) {
            String key = keys.get(random.nextInt(keys.size()));
            int dice = random.nextInt(100);
            String operation = dice < 30 ? "get" : dice < 45 ? "set" : dice < 60 ? "compareAndSet"
                    : dice < 72 ? "update" : dice < 80 ? "delete" : dice < 88 ? "setAll" : "setThenUpdateInOneTransaction";
            try {
                switch (operation) {
                    case "get" -> read(key, "get");
                    case "set" -> wrote(key, "set", state.set(key, nextValue()), lastValue());
                    case "compareAndSet" -> compareAndSet(key);
                    case "update" -> update(key);
                    case "delete" -> delete(key);
                    case "setAll" -> setAll(key);
                    default -> setThenUpdate(key);
                }
            } catch (RuntimeException | AssertionError e) {
                // An AssertionError is a check of this workload failing: recorded, and the thread goes on.
                failures.add(new AssertionError("thread " + thread + ", operation " + n + ": " + operation + " of "
                        + key + " failed: " + e, e));
            }
        }

        private long lastValue() {
            return (thread + 1) * 1_000_000_000L + written * 1000;
        }

        private void read(String key, String operation) {
            Optional<Versioned<Long>> read = state.getVersioned(key, Long.class);
            read.ifPresent(v -> observations.add(new Observation(key, operation, false, v.version(), v.value())));
        }

        private void wrote(String key, String operation, long version, Long value) {
            observations.add(new Observation(key, operation, true, version, value));
        }

        private void compareAndSet(String key) {
            Optional<Versioned<Long>> read = state.getVersioned(key, Long.class);
            read.ifPresent(v -> observations.add(new Observation(key, "get before compareAndSet", false, v.version(), v.value())));
            long expected = read.map(Versioned::version).orElse(0L);
            long value = nextValue();
            try {
                wrote(key, "compareAndSet", state.compareAndSet(key, expected, value), value);
            } catch (StateConflictException lostTheRace) {
                conflicts++;
            }
        }

        /** An update, then a read of its own version in the same transaction (update returns the value only). */
        private void update(String key) {
            Versioned<Long> updated = transactions.inOneTransaction(() -> {
                Long next = state.update(key, Long.class, v -> v == null ? 1L : v + 1);
                Versioned<Long> own = state.getVersioned(key, Long.class).orElseThrow(
                        () -> new IllegalStateException("an update's own value is not visible in its transaction"));
                if (!own.value().equals(next)) {
                    throw new IllegalStateException("read-your-writes gave " + own + " after an update to " + next);
                }
                return own;
            });
            wrote(key, "update", updated.version(), updated.value());
        }

        private void delete(String key) {
            transactions.inOneTransaction(() -> {
                state.delete(key);
                if (state.getVersioned(key, Long.class).isPresent()) {
                    throw new IllegalStateException("a deleted key is still visible in the deleting transaction");
                }
                return null;
            });
        }

        private void setAll(String first) {
            SortedMap<String, Object> values = new TreeMap<>();
            values.put(first, nextValue());
            String second = keys.get(random.nextInt(keys.size()));
            values.putIfAbsent(second, nextValue());
            for (Map.Entry<String, Long> written : state.setAll(values).entrySet()) {
                wrote(written.getKey(), "setAll", written.getValue(), (Long) values.get(written.getKey()));
            }
        }

        /** A blind set and an update of the same key in one transaction: two versions in a row. */
        private void setThenUpdate(String key) {
            long value = nextValue();
            long[] versions = transactions.inOneTransaction(() -> {
                long set = state.set(key, value);
                state.update(key, Long.class, v -> v + 1);
                long updated = state.getVersioned(key, Long.class).orElseThrow().version();
                return new long[] {set, updated};
            });
            if (versions[1] != versions[0] + 1) {
                throw new IllegalStateException("set then update of " + key + " in one transaction gave versions "
                        + versions[0] + " and " + versions[1]);
            }
            wrote(key, "set in a transaction", versions[0], value);
            wrote(key, "update after set in a transaction", versions[1], value + 1);
        }
    }
}
