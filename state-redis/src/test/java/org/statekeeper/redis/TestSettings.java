package org.statekeeper.redis;

import java.time.Duration;
import org.statekeeper.testing.support.TestRedis;

/** Redis settings for a test: the test Redis, a key prefix no other test uses, a generous timeout. */
final class TestSettings {

    private TestSettings() {
    }

    static RedisSettings of(TestRedis redis) {
        // Generous: a loaded CI machine must not turn a slow reply into a failed test.
        return new RedisSettings(redis.uri(), null, Duration.ofSeconds(5), TestRedis.uniquePrefix());
    }
}
