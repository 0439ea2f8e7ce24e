package org.statekeeper.testing.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs work on several threads released at the same instant, to make races as likely as possible. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs {@code work(i)} for i in 0..threads-1, each on its own thread, all started together.
     *
     * @param threads how many threads
     * @param timeoutSeconds how long all may take together
     * @param work the work of thread i
     * @param <T> the result type
     * @return the results in thread order
     * @throws AssertionError carrying every thread's failure, or when the threads do not finish in time
     */
    public static <T> List<T> run(int threads, long timeoutSeconds, IntFunction<T> work) {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return work.apply(n);
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            List<T> results = new ArrayList<>();
            AssertionError failures = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    if (failures == null) {
                        failures = new AssertionError("A concurrent writer failed: " + e.getCause(), e.getCause());
                    } else {
                        failures.addSuppressed(e.getCause());
                    }
                } catch (TimeoutException e) {
                    // A hang here means a lock was never released or a writer deadlocked.
                    throw new AssertionError("Concurrent writers did not finish within " + timeoutSeconds + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            if (failures != null) {
                throw failures;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
