package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.testing.store.StateStoreContract;
import org.statekeeper.testing.support.TestRedis;

/**
 * The store contract on a standalone Redis, and what only Redis shows: expiry as Redis TTLs, the key
 * prefix that lets applications share a server, and the Lua scripts surviving a SCRIPT FLUSH.
 */
class RedisStateStoreTest extends StateStoreContract {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private final List<RedisStateStore> others = new ArrayList<>();

    @Override
    protected StateStore openStore() {
        return new RedisStateStore(TestSettings.of(REDIS));
    }

    @Override
    protected void closeStore(StateStore opened) {
        ((RedisStateStore) opened).close();
    }

    @AfterEach
    void closeOthers() {
        for (RedisStateStore s : others) {
            s.clear(); // leave a shared Redis as we found it
            s.close();
        }
    }

    private RedisStateStore redis() {
        return (RedisStateStore) store;
    }

    private RedisStateStore other(RedisSettings settings) {
        RedisStateStore s = new RedisStateStore(settings);
        others.add(s);
        return s;
    }

    private long pttl(String key) {
        return REDIS.raw().pttl(redis().settings().keyPrefix() + "v:" + key);
    }

    @Test
    void aTombstoneIsKeptForItsTtlAndALiveValueKeepsNone() {
        store.apply("k", 1, "\"alive\"");
        assertTrue(store.delete("k", 2));
        long ttl = pttl("k");
        assertTrue(ttl > RedisStateStore.TOMBSTONE_TTL.toMillis() - 60_000
                && ttl <= RedisStateStore.TOMBSTONE_TTL.toMillis(), "tombstone TTL was " + ttl);
        assertTrue(store.apply("k", 3, "\"back\""));
        assertEquals(-1, pttl("k"), "a live value keeps no TTL");
        assertTrue(store.forget("k", 3));
        assertEquals(0, REDIS.raw().exists(redis().settings().keyPrefix() + "v:k"), "forgetting removes the Redis key");
    }

    @Test
    void anExpiringValueGetsARedisTtlUpToItsExpiry() {
        assertTrue(store.apply("session", 1, "\"token\"", Instant.now().plusMillis(60_000)));
        long ttl = pttl("session");
        assertTrue(ttl > 0 && ttl <= 60_000, "PXAT gave a TTL of " + ttl);
        store.applyAll(List.of(new Head("bulk", 1, "\"b\"", Instant.now(), Instant.now().plusSeconds(3600))));
        assertTrue(pttl("bulk") > 0, "expiry applied in bulk");
    }

    @Test
    void clearRemovesOnlyItsOwnPrefix() {
        RedisStateStore neighbour = other(TestSettings.of(REDIS));
        for (int i = 0; i < 2500; i++) { // several SCAN pages
            store.apply("key-" + i, 1, "\"" + i + "\"");
        }
        store.markGeneration("mine");
        neighbour.apply("key-1", 1, "\"theirs\"");
        neighbour.markGeneration("theirs");

        store.clear();

        assertEquals(0, countKeys(redis().settings().keyPrefix() + "v:"));
        assertEquals(Optional.of("theirs"), neighbour.generation());
        assertEquals(Optional.of(new StoredValue("\"theirs\"", 1)), neighbour.get("key-1"));
    }

    @Test
    void clearTakesGlobCharactersInPrefixLiterally() {
        String base = TestRedis.uniquePrefix();
        RedisStateStore globby = other(TestSettings.of(REDIS).withKeyPrefix(base + "[a]*?\\:"));
        RedisStateStore plain = other(TestSettings.of(REDIS).withKeyPrefix(base + "a-plain:"));
        globby.apply("k", 1, "\"g\"");
        plain.apply("k", 1, "\"p\"");

        globby.clear();

        assertEquals(Optional.empty(), globby.get("k"));
        assertEquals(Optional.of(new StoredValue("\"p\"", 1)), plain.get("k"));
    }

    @Test
    void scriptsSurviveScriptFlush() {
        assertTrue(store.apply("k", 1, "\"one\""));
        REDIS.raw().scriptFlush();
        assertFalse(REDIS.raw().scriptExists(StoreScripts.APPLY.sha()).get(0));

        assertTrue(store.apply("k", 2, "\"two\""), "NOSCRIPT falls back to EVAL");
        assertTrue(REDIS.raw().scriptExists(StoreScripts.APPLY.sha()).get(0), "EVAL cached the script again");
        assertFalse(store.apply("k", 1, "\"old\""));

        REDIS.raw().scriptFlush();
        store.applyAll(List.of(new Head("a", 1, "\"a\"", Instant.now()), new Head("k", 3, "\"three\"", Instant.now())));
        assertEquals(Optional.of(new StoredValue("\"a\"", 1)), store.get("a"));
        assertEquals(Optional.of(new StoredValue("\"three\"", 3)), store.get("k"));
    }

    @Test
    void renewingALockExtendsItsRedisLease() {
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(10)));
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(20)));
        assertTrue(REDIS.raw().pttl(redis().settings().keyPrefix() + "lock:rebuild") > 10_000, "renewal extends the lease");
        store.unlock("rebuild", "node-a");
    }

    @Test
    void pingAnswersTrueWhenRedisIsUp() {
        assertTrue(redis().ping());
    }

    private static long countKeys(String prefix) {
        ScanArgs match = ScanArgs.Builder.matches(RedisStateStore.globEscape(prefix) + "*").limit(1000);
        long count = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = REDIS.raw().scan(cursor, match);
            count += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return count;
    }
}
