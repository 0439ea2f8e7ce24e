package org.statekeeper.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for Redis's replies within the store's command timeout, so that every part of the store gives up
 * after the same time and a Redis that does not answer costs a caller one timeout, not one per part.
 *
 * @param timeoutNanos how long one reply is waited for
 */
record Replies(long timeoutNanos) {

    /** Returns the reply, or throws Lettuce's unchecked exception when it failed or did not come in time. */
    <T> T await(RedisFuture<T> future) {
        return LettuceFutures.awaitOrCancel(future, timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
