package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.StateChanged;
import org.statekeeper.StateEvent;
import org.statekeeper.StateManager;
import org.statekeeper.VerifyReport;
import org.statekeeper.Versioned;
import org.statekeeper.testing.log.LogTables.EventRow;
import org.statekeeper.testing.log.LogTables.HeadRow;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;

/**
 * What a Java SE user relies on, against a real database (subclasses pick it) and Redis: the same
 * write path as in the container, with resource-local transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StatekeeperSeContract {

    /** A small value, as applications store them. */
    public record Cart(String owner, List<String> items) {
    }

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private TestDatabase database;
    private EntityManagerFactory factory;
    private String prefix;
    private final List<StateChanged> observed = Collections.synchronizedList(new ArrayList<>());
    private StatekeeperSe se;

    /** Opens the database the log is written to, with the shipped schema. */
    protected abstract TestDatabase openDatabase();

    @BeforeAll
    void startDatabase() {
        database = openDatabase();
        factory = database.startHibernate();
    }

    @AfterAll
    void stopDatabase() {
        factory.close();
        database.close();
    }

    @BeforeEach
    void build() {
        database.deleteAllRows();
        observed.clear();
        prefix = TestRedis.uniquePrefix();
        se = redisBuilder(null).build();
    }

    @AfterEach
    void close() {
        se.close();
        REDIS.removeAll(prefix);
    }

    private StateManagers.Builder redisBuilder(String clientName) {
        return StateManagers.builder()
                .entityManagerFactory(factory)
                .redis(REDIS.uri(clientName))
                .property("state.redis.key-prefix", prefix)
                .property("state.redis.timeout", "5s")
                .nodeId("se-test")
                .principal(() -> "tester")
                .onChange(observed::add);
    }

    @Test
    void recoveryAndAuditWorkAsInAContainer() {
        StateManager state = se.manager();
        state.set("audited", "one");
        state.set("audited", "two");

        List<StateEvent> history = se.audit().history("audited", 0, 10);
        assertEquals(List.of(2L, 1L), history.stream().map(StateEvent::version).toList(), "newest first");
        assertEquals("tester", history.get(0).principal());
        VerifyReport report = se.recovery().verify();
        assertTrue(report.consistent(), report.toString());
        assertEquals(1, se.recovery().recover(java.time.Instant.now().minusSeconds(60)).applied());
        assertEquals(0, se.recovery().repairHeads().applied(), "no head row is behind");
    }

    @Test
    void aValueRoundTripsThroughLogAndRedis() {
        StateManager state = se.manager();
        assertEquals(1, state.set("cart:ann", new Cart("ann", List.of("tea"))));
        assertEquals(Optional.of(new Versioned<>(new Cart("ann", List.of("tea")), 1)),
                state.getVersioned("cart:ann", Cart.class));
        Cart updated = state.update("cart:ann", Cart.class, c -> new Cart(c.owner(), List.of("tea", "milk")));
        assertEquals(List.of("tea", "milk"), updated.items());
        assertEquals(Optional.of(updated), state.get("cart:ann", Cart.class));

        // Redis holds what the log holds, written after commit.
        String raw = REDIS.raw().get(prefix + "v:cart:ann");
        assertTrue(raw.startsWith("2:"), raw);
        assertEquals(Optional.of(2L), database.head("cart:ann").map(HeadRow::version));
        assertEquals(2, database.events("cart:ann").size());
        assertEquals(List.of(new StateChanged("cart:ann", 1, ChangeType.SET, false),
                new StateChanged("cart:ann", 2, ChangeType.SET, false)), observed);

        assertTrue(state.delete("cart:ann"));
        assertEquals(Optional.empty(), state.get("cart:ann", Cart.class));
        assertEquals(3, database.events("cart:ann").size());
    }

    /**
     * On the JPA log, not only in memory: a time to live too long to represent, a null type and a null
     * function are refused naming the key before the head row moves or the key is locked, so a caller
     * that catches the exception and commits commits nothing of it.
     */
    @Test
    void refusedTimeToLiveTypeOrFunctionMoveNoHeadRowLockNoKeyAndLogNoEvent() throws Exception {
        StateManager state = se.manager();
        assertEquals(1, state.set("bad:k", "v1"));
        se.inTransaction(() -> {
            InvalidArgumentException ttl = assertThrows(InvalidArgumentException.class,
                    () -> state.set("bad:k", "v2", java.time.Duration.ofDays(Integer.MAX_VALUE)));
            assertEquals("bad:k", ttl.getKey());
            assertEquals("ttl", ttl.argument());
            InvalidArgumentException fn = assertThrows(InvalidArgumentException.class,
                    () -> state.update("bad:k", String.class, null));
            assertEquals("bad:k", fn.getKey());
            assertEquals("fn", fn.argument());
            InvalidArgumentException type = assertThrows(InvalidArgumentException.class,
                    () -> state.update("bad:k", null, v -> "x"));
            assertEquals("bad:k", type.getKey());
            assertEquals("type", type.argument());
            assertEquals("type", assertThrows(InvalidArgumentException.class,
                    () -> state.get("bad:k", (Class<String>) null)).argument());
            // Still inside the transaction that caught them: another writer of the key is not held up by it.
            java.util.concurrent.CompletableFuture<Long> other = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> se.manager().set("bad:k", "other"));
            try {
                assertEquals(2L, other.get(30, java.util.concurrent.TimeUnit.SECONDS), "the key was not locked");
            } catch (Exception e) {
                throw new AssertionError("another writer of the key waited for the refusing transaction", e);
            }
            return null;
        });
        assertEquals(Optional.of(2L), database.head("bad:k").map(HeadRow::version));
        assertEquals(List.of(1L, 2L), database.events("bad:k").stream().map(EventRow::version).toList());
        assertEquals(Optional.of("other"), state.get("bad:k", String.class));
    }

    @Test
    void aRolledBackTransactionLeavesNothing() {
        StateManager state = se.manager();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> se.inTransaction(() -> {
            state.set("doomed:a", new Cart("a", List.of("x")));
            state.set("doomed:b", "b");
            // Read-your-writes inside the transaction...
            assertEquals(Optional.of("b"), state.get("doomed:b", String.class));
            throw new IllegalStateException("business rule failed");
        }));
        assertEquals("business rule failed", thrown.getMessage());

        // ...and nothing anywhere after the rollback.
        assertEquals(Optional.empty(), state.get("doomed:a", Cart.class));
        assertEquals(Optional.empty(), state.get("doomed:b", String.class));
        assertEquals(List.of(), database.eventsWithPrefix("doomed:"));
        assertTrue(database.head("doomed:a").stream().allMatch(h -> h.version() == 0), "no head row past version 0");
        assertNull(REDIS.raw().get(prefix + "v:doomed:a"));
        assertNull(REDIS.raw().get(prefix + "v:doomed:b"));
        assertEquals(List.of(), observed);
    }

    @Test
    void thousandSetsInOneTransactionCommitTogether() {
        StateManager state = se.manager();
        int n = 1000;
        List<Long> versions = se.inTransaction(() -> {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(state.set("bulk:" + i, new Cart("u" + i, List.of("item" + i))));
            }
            // Nothing reaches the store or the observers before the commit.
            assertNull(REDIS.raw().get(prefix + "v:bulk:0"));
            assertEquals(List.of(), observed);
            return out;
        });
        assertTrue(versions.stream().allMatch(v -> v == 1));
        assertEquals(n, database.eventsWithPrefix("bulk:").size());
        assertEquals(1, database.eventsWithPrefix("bulk:").stream().map(EventRow::txId).distinct().count(),
                "every event row carries the one transaction's id");
        assertEquals(n, observed.size());
        assertEquals(Optional.of(new Cart("u999", List.of("item999"))), state.get("bulk:999", Cart.class));
        for (int i = 0; i < n; i += 97) {
            assertTrue(REDIS.raw().get(prefix + "v:bulk:" + i).startsWith("1:"));
        }
    }

    @Test
    void closeReleasesRedisConnectionsAndThreads() throws InterruptedException {
        String clientName = "sk-se-" + UUID.randomUUID().toString().substring(0, 8);
        REDIS.raw(); // the observer's own client and threads exist before the snapshot
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StatekeeperSe named = redisBuilder(clientName).build();
        named.manager().set("closing", "value");
        assertEquals(Optional.of("value"), named.manager().get("closing", String.class));
        assertTrue(connectionsNamed(clientName) > 0, "the instance is connected to Redis");
        Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t)
                        && (t.getName().startsWith("lettuce-") || t.getName().startsWith("statekeeper-se-")))
                .collect(Collectors.toSet());
        assertTrue(started.stream().anyMatch(t -> t.getName().startsWith("lettuce-")), "the instance runs Lettuce threads");
        assertTrue(started.stream().anyMatch(t -> t.getName().equals("statekeeper-se-maintenance")), started::toString);
        assertTrue(started.stream().anyMatch(t -> t.getName().equals("statekeeper-se-remote-changes")), started::toString);

        named.close();
        named.close(); // idempotent

        assertEquals(0, connectionsNamed(clientName), "no connection of the closed instance is left");
        for (Thread thread : started) {
            thread.join(10_000); // a bound, not a timing assertion: close() already waited for them to stop
            assertFalse(thread.isAlive(), thread.getName() + " still runs");
        }
        assertThrows(IllegalStateException.class, () -> named.manager().get("closing", String.class));
        assertThrows(IllegalStateException.class, () -> named.inTransaction(() -> 1));
        // The committed change outlives the instance: it is in the log.
        assertEquals(Optional.of("value"), se.manager().get("closing", String.class));
    }

    @Test
    void anInMemoryStoreIsLoadedFromTheLogAtBuild() {
        se.manager().set("kept", new Cart("kim", List.of("pen")));
        try (StatekeeperSe memory = StateManagers.builder().entityManagerFactory(factory).inMemoryStore().build()) {
            assertEquals(Optional.of(new Versioned<>(new Cart("kim", List.of("pen")), 1)),
                    memory.manager().getVersioned("kept", Cart.class));
            assertEquals(2, memory.manager().set("kept", new Cart("kim", List.of())));
        }
        assertEquals(Optional.of(2L), database.head("kept").map(HeadRow::version));
    }

    private long connectionsNamed(String clientName) {
        return REDIS.raw().clientList().lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
    }

    @Test
    void aWrongRedisSettingIsRejectedWithTheContainersRuleAndMessage() {
        StateConfigurationException prefix = assertThrows(StateConfigurationException.class, () -> redisBuilder(null)
                .property("state.redis.key-prefix", "has space").build());
        assertEquals("state.redis.key-prefix", prefix.getKey());
        assertTrue(prefix.getMessage().contains("1 to 64 printable characters without spaces"), prefix.getMessage());
        StateConfigurationException uri = assertThrows(StateConfigurationException.class, () -> redisBuilder(null)
                .redis("http://app:s3cret@cache.example:6379").build());
        assertEquals("state.redis.uri", uri.getKey());
        assertFalse(uri.getMessage().contains("s3cret"), uri.getMessage());
        // A TLS Sentinel URI passes the same parser in both (connecting would fail here: nothing listens).
        assertEquals("sentinel", org.statekeeper.redis.RedisStoreProvider.settings(
                org.statekeeper.core.runtime.StatekeeperSettings.read(java.util.Map.of(
                        "state.redis.uri", "rediss-sentinel://s1:26379,s2:26379/0#mymaster")).source())
                .clientType().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void anObserverThatThrowsDoesNotKeepTheChangeFromOtherNodes() throws InterruptedException {
        List<StateChanged> heardByOther = Collections.synchronizedList(new ArrayList<>());
        try (StatekeeperSe throwing = redisBuilder(null).onChange(change -> {
                    throw new IllegalStateException("observer bug");
                }).build();
                StatekeeperSe other = redisBuilder(null).onChange(heardByOther::add).build()) {
            assertEquals(1, throwing.manager().set("announced", "v"), "the commit stands");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (heardByOther.stream().noneMatch(c -> c.key().equals("announced")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(heardByOther.contains(new StateChanged("announced", 1, ChangeType.SET, true)),
                    "the other node heard of the change although the writer's observer threw: " + heardByOther);
        }
    }
}
