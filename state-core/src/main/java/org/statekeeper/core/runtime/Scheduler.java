package org.statekeeper.core.runtime;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Where the runtime's periodic jobs (healing, the expiry sweep, log retention) run: the container's
 * managed scheduler, or a thread of the Java SE instance.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code job} after {@code first} and then {@code every} after each run ends, until the returned future is cancelled. */
    Future<?> scheduleWithFixedDelay(Runnable job, Duration first, Duration every);
}
