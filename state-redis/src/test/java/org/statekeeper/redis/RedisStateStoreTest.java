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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StoredValue;

class RedisStateStoreTest {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private final List<RedisStateStore> stores = new ArrayList<>();
    private RedisStateStore store;

    @BeforeEach
    void open() {
        store = open(REDIS.settings());
    }

    @AfterEach
    void close() {
        for (RedisStateStore s : stores) {
            s.clear(); // leave a shared Redis as we found it
            s.close();
        }
    }

    private RedisStateStore open(RedisSettings settings) {
        RedisStateStore s = new RedisStateStore(settings);
        stores.add(s);
        return s;
    }

    @Test
    void setThenGetReturnsValueWithItsVersion() {
        assertEquals(Optional.empty(), store.get("cart:1"));
        assertTrue(store.apply("cart:1", 1, "{\"items\":[]}"));
        assertEquals(Optional.of(new StoredValue("{\"items\":[]}", 1)), store.get("cart:1"));
    }

    @Test
    void newerVersionReplacesValue() {
        store.apply("k", 1, "\"one\"");
        assertTrue(store.apply("k", 2, "\"two\""));
        assertTrue(store.apply("k", 10, "\"ten\""));
        assertEquals(Optional.of(new StoredValue("\"ten\"", 10)), store.get("k"));
    }

    @Test
    void sameVersionAppliedTwiceIsIgnored() {
        assertTrue(store.apply("k", 3, "\"first\""));
        assertFalse(store.apply("k", 3, "\"duplicate\""));
        assertEquals(Optional.of(new StoredValue("\"first\"", 3)), store.get("k"));
    }

    @Test
    void olderVersionArrivingLateIsIgnored() {
        assertTrue(store.apply("k", 5, "\"five\""));
        assertFalse(store.apply("k", 4, "\"four\""));
        assertFalse(store.apply("k", 1, "\"one\""));
        assertEquals(Optional.of(new StoredValue("\"five\"", 5)), store.get("k"));
    }

    @Test
    void versionsBeyondDoublePrecisionAreComparedExactly() {
        long big = (1L << 53) + 1; // a Lua number would round this down to 2^53
        assertTrue(store.apply("k", big, "\"a\""));
        assertFalse(store.apply("k", big - 1, "\"older\""));
        assertTrue(store.apply("k", big + 1, "\"b\""));
        assertTrue(store.apply("k", Long.MAX_VALUE, "\"max\""));
        assertFalse(store.apply("k", Long.MAX_VALUE - 1, "\"older\""));
        assertEquals(Optional.of(new StoredValue("\"max\"", Long.MAX_VALUE)), store.get("k"));
    }

    @Test
    void emptyJsonIsAValueNotATombstone() {
        assertTrue(store.apply("k", 1, ""));
        assertEquals(Optional.of(new StoredValue("", 1)), store.get("k"));
    }

    @Test
    void tombstoneHidesKeyAndBlocksOlderResurrectingWrite() {
        store.apply("k", 1, "\"alive\"");
        assertTrue(store.delete("k", 2));
        assertEquals(Optional.empty(), store.get("k"));
        assertFalse(store.apply("k", 1, "\"alive\""), "a late write older than the delete");
        assertFalse(store.apply("k", 2, "\"same version\""));
        assertEquals(Optional.empty(), store.get("k"));
        long ttl = REDIS.raw().pttl(store.settings().keyPrefix() + "v:k");
        assertTrue(ttl > RedisStateStore.TOMBSTONE_TTL.toMillis() - 60_000
                && ttl <= RedisStateStore.TOMBSTONE_TTL.toMillis(), "tombstone TTL was " + ttl);

        assertTrue(store.apply("k", 3, "\"back\""));
        assertEquals(Optional.of(new StoredValue("\"back\"", 3)), store.get("k"));
        assertEquals(-1, REDIS.raw().pttl(store.settings().keyPrefix() + "v:k"), "a live value keeps no TTL");
    }

    @Test
    void forgettingATombstoneLetsTheKeyStartAgainAtVersionOneButNeverRemovesANewerVersion() {
        store.apply("k", 1, "\"alive\"");
        store.delete("k", 12);
        assertFalse(store.apply("k", 1, "\"again\""));
        // 12 against 9: compared as numbers, not as text.
        assertFalse(store.forget("k", 9));
        assertTrue(store.forget("k", 12));
        assertEquals(0, REDIS.raw().exists(store.settings().keyPrefix() + "v:k"));
        assertTrue(store.apply("k", 1, "\"again\""));
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), store.get("k"));

        assertFalse(store.forget("k", 0), "a newer value stays");
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), store.get("k"));
        assertTrue(store.forget("k", 100), "an older, stale value goes");
        assertFalse(store.forget("never-written", 5));
    }

    @Test
    void deleteOfNeverWrittenKeyLeavesTombstone() {
        assertTrue(store.delete("never", 7));
        assertFalse(store.apply("never", 6, "\"late\""));
        assertEquals(Optional.empty(), store.get("never"));
    }

    @Test
    void expiringValueIsGoneAfterExpiresAt() throws InterruptedException {
        Instant expiresAt = Instant.now().plusMillis(600);
        assertTrue(store.apply("session", 1, "\"token\"", expiresAt));
        assertEquals(Optional.of(new StoredValue("\"token\"", 1)), store.get("session"));
        long ttl = REDIS.raw().pttl(store.settings().keyPrefix() + "v:session");
        assertTrue(ttl > 0 && ttl <= 600, "PXAT gave a TTL of " + ttl);

        Thread.sleep(Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis()) + 50);
        assertEquals(Optional.empty(), store.get("session"));
    }

    @Test
    void alreadyExpiredValueIsNotStoredLiveButKeepsItsVersion() {
        assertTrue(store.apply("old", 5, "\"stale\"", Instant.now().minusSeconds(1)));
        assertEquals(Optional.empty(), store.get("old"));
        assertFalse(store.apply("old", 4, "\"older\""), "the expired version still guards the key");
        assertTrue(store.apply("old", 6, "\"fresh\""));
        assertEquals(Optional.of(new StoredValue("\"fresh\"", 6)), store.get("old"));
    }

    @Test
    void generationMarkerRoundTrip() {
        assertEquals(Optional.empty(), store.generation());
        store.markGeneration("gen-1");
        assertEquals(Optional.of("gen-1"), store.generation());
        store.markGeneration("gen-2");
        assertEquals(Optional.of("gen-2"), store.generation());
    }

    @Test
    void clearRemovesOwnKeysAndGenerationMarkerButNotOtherPrefixes() {
        RedisStateStore other = open(REDIS.settings());
        for (int i = 0; i < 2500; i++) { // several SCAN pages
            store.apply("key-" + i, 1, "\"" + i + "\"");
        }
        store.delete("gone", 1);
        store.markGeneration("mine");
        other.apply("key-1", 1, "\"theirs\"");
        other.markGeneration("theirs");

        store.clear();

        assertEquals(Optional.empty(), store.generation());
        assertEquals(Optional.empty(), store.get("key-1"));
        assertEquals(0, countKeys(store.settings().keyPrefix()));
        assertTrue(store.apply("gone", 1, "\"new\""), "the tombstone went too");
        assertEquals(Optional.of("theirs"), other.generation());
        assertEquals(Optional.of(new StoredValue("\"theirs\"", 1)), other.get("key-1"));
    }

    @Test
    void clearTakesGlobCharactersInPrefixLiterally() {
        String base = TestRedis.uniquePrefix();
        RedisStateStore globby = open(REDIS.settings().withKeyPrefix(base + "[a]*?\\:"));
        RedisStateStore plain = open(REDIS.settings().withKeyPrefix(base + "a-plain:"));
        globby.apply("k", 1, "\"g\"");
        plain.apply("k", 1, "\"p\"");

        globby.clear();

        assertEquals(Optional.empty(), globby.get("k"));
        assertEquals(Optional.of(new StoredValue("\"p\"", 1)), plain.get("k"));
    }

    @Test
    void applyAllPipelinesTenThousandHeadsThenAllAreReadable() {
        store.apply("h-7", 100, "\"newer in store\"");
        List<Head> heads = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            String json = i % 10 == 9 ? null : "{\"n\":" + i + "}";
            Instant expiresAt = i % 100 == 42 ? now.plusSeconds(3600) : null;
            heads.add(new Head("h-" + i, i + 1, json, now, expiresAt));
        }
        long started = System.nanoTime();
        store.applyAll(heads);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("applyAll of 10000 heads took " + millis + " ms");

        for (Head head : heads) {
            Optional<StoredValue> held = store.get(head.key());
            if (head.key().equals("h-7")) {
                assertEquals(Optional.of(new StoredValue("\"newer in store\"", 100)), held, "version guarded");
            } else if (head.json() == null) {
                assertEquals(Optional.empty(), held, head.key());
            } else {
                assertEquals(Optional.of(new StoredValue(head.json(), head.version())), held, head.key());
            }
        }
        assertTrue(REDIS.raw().pttl(store.settings().keyPrefix() + "v:h-42") > 0, "expiry applied in bulk");
        assertFalse(store.apply("h-9", 10, "\"resurrected\""), "tombstones applied in bulk");
    }

    @Test
    void applyAllOfNothingDoesNothing() {
        store.applyAll(List.of());
        assertEquals(0, countKeys(store.settings().keyPrefix()));
    }

    @Test
    void scriptSurvivesScriptFlush() {
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
    void keysWithColonsSpacesAndUnicodeRoundTrip() {
        List<String> keys = List.of("a:b:c", "with space", " leading and trailing ", "ünïcødé 🎉 日本",
                "tab\tnew\nline", "{hash}tag", "*?[glob]\\", "v:nested", "generation", "", "quote\"'");
        long version = 1;
        for (String key : keys) {
            assertTrue(store.apply(key, version, "\"" + version + "\""), key);
            version++;
        }
        version = 1;
        for (String key : keys) {
            assertEquals(Optional.of(new StoredValue("\"" + version + "\"", version)), store.get(key), key);
            version++;
        }
        assertEquals(Optional.empty(), store.generation(), "a key named generation is not the marker");
        store.clear();
        for (String key : keys) {
            assertEquals(Optional.empty(), store.get(key), key);
        }
    }

    @Test
    void valuesWithColonsAndUnicodeRoundTrip() {
        String json = "{\"t\":\"12:30 ünï 🎉\",\"nested\":{\"a:b\":[1,2]}}";
        store.apply("k", 42, json);
        assertEquals(Optional.of(new StoredValue(json, 42)), store.get("k"));
    }

    @Test
    void lockIsExclusiveRenewableAndReleasedOnlyByItsOwner() {
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(10)));
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)));
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(20)), "the owner renews");
        assertTrue(REDIS.raw().pttl(store.settings().keyPrefix() + "lock:rebuild") > 10_000, "renewal extends the lease");
        store.unlock("rebuild", "node-b");
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)), "only the owner releases");
        store.unlock("rebuild", "node-a");
        assertTrue(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)));
        assertTrue(store.tryLock("other", "node-a", Duration.ofSeconds(10)), "locks are independent");
        store.unlock("rebuild", "node-b");
        store.unlock("other", "node-a");
    }

    @Test
    void lockLeaseRunsOut() throws InterruptedException {
        assertTrue(store.tryLock("rebuild", "crashed-node", Duration.ofMillis(200)));
        Thread.sleep(300);
        assertTrue(store.tryLock("rebuild", "node-b", Duration.ofSeconds(5)));
        store.unlock("rebuild", "node-b");
    }

    @Test
    void clearKeepsLocksBecauseARebuildHoldsOneWhileClearing() {
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(10)));
        store.apply("k", 1, "\"v\"");
        store.clear();
        assertEquals(Optional.empty(), store.get("k"));
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)));
        store.unlock("rebuild", "node-a");
    }

    @Test
    void pingAnswersTrueWhenRedisIsUp() {
        assertTrue(store.ping());
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
