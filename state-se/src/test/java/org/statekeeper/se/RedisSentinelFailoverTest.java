package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.VerifyReport;
import org.statekeeper.Versioned;
import org.statekeeper.testing.support.LocalRedis;
import org.statekeeper.testing.support.RequiresRedisServer;
import org.statekeeper.testing.support.RequiresDatabase;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;

/**
 * Redis Sentinel for real: one master, one replica and three sentinels ({@code redis-server --sentinel}) on
 * loopback, Statekeeper connected by a {@code redis-sentinel://} URI with its log on PostgreSQL. Writers commit
 * through the engine while the replica stalls (so it lags) and the master is killed: the sentinels promote
 * the lagging replica, which lacks writes the old master had acknowledged. Nothing committed is lost: once
 * the heal has caught the new master up, every write reads at its committed version, from the engine and
 * from the new master itself, and {@code verify()} finds no difference. The keys written while the replica
 * lagged are not written again afterwards, so only the epoch's change (the promoted replica's run id) can
 * bring them back: with that check switched off this test fails.
 */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
@RequiresRedisServer
class RedisSentinelFailoverTest {

    /** The heal interval; {@link Duration#ZERO} (no heal at all) makes this test fail, as it must. */
    private static final Duration HEAL = Duration.ofMillis(200);
    private static final String MASTER = "skmaster";
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 25;

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private static LocalRedis.Node master;
    private static LocalRedis.Node replica;
    private static final List<LocalRedis.Node> SENTINELS = new ArrayList<>();

    /** A write as its call returned: the version the log gave it and the value. */
    private record Committed(long version, String value) {
    }

    @BeforeAll
    static void startOneMasterOneReplicaAndThreeSentinels() {
        master = REDIS.server("master");
        replica = REDIS.server("replica", "--replicaof", "127.0.0.1", String.valueOf(master.port()));
        LocalRedis.await(Duration.ofSeconds(30), "the replica in sync",
                () -> REDIS.cli("-p", String.valueOf(replica.port()), "INFO", "replication")
                        .contains("master_link_status:up"));
        for (int i = 1; i <= 3; i++) {
            SENTINELS.add(REDIS.sentinel("sentinel-" + i, MASTER, master.port()));
        }
        LocalRedis.await(Duration.ofSeconds(30), "every sentinel knows the replica and the two other sentinels",
                () -> SENTINELS.stream().allMatch(s -> field(sentinel(s, "SENTINEL", "MASTER", MASTER), "num-slaves")
                        .equals("1") && field(sentinel(s, "SENTINEL", "MASTER", MASTER), "num-other-sentinels").equals("2")));
    }

    private static String sentinel(LocalRedis.Node s, String... command) {
        List<String> arguments = new ArrayList<>(List.of("-p", String.valueOf(s.port())));
        arguments.addAll(List.of(command));
        return REDIS.cli(arguments.toArray(String[]::new));
    }

    /** Returns the value after {@code name} in redis-cli's output of a flat reply (name and value on alternate lines). */
    private static String field(String reply, String name) {
        List<String> lines = reply.lines().map(String::trim).toList();
        int at = lines.indexOf(name);
        return at >= 0 && at + 1 < lines.size() ? lines.get(at + 1) : "";
    }

    private static int masterPortNamedBySentinels() {
        List<String> address = sentinel(SENTINELS.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).lines().toList();
        return Integer.parseInt(address.get(1).trim());
    }

    @Test
    void aFailoverToALaggingReplicaUnderLoadLosesNoCommittedWrite() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        String uri = "redis-sentinel://" + SENTINELS.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "/0#" + MASTER;
        Map<String, Committed> committed = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong commits = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // Each phase writes keys of its own, so writes after the failover never overwrite the ones it lost.
        AtomicReference<String> phase = new AtomicReference<>("before-");
        try (TestDatabase database = TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), "sk_se_sentinel")
                .withShippedSchema()) {
            EntityManagerFactory factory = database.startHibernate();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try (StatekeeperSe se = StateManagers.builder().entityManagerFactory(factory).nodeId("sentinel-node")
                    .redis(uri).property("state.redis.key-prefix", prefix).property("state.redis.timeout", "1s")
                    .maintenanceInterval(HEAL).build()) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    running.add(writers.submit(() -> {
                        for (long n = 0; !stop.get(); n++) {
                            String key = phase.get() + "w" + writer + "-" + (n % KEYS_PER_WRITER);
                            String value = writer + "-" + n;
                            try {
                                committed.put(key, new Committed(se.manager().set(key, value), value));
                                commits.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.add(e);
                                return;
                            }
                        }
                    }));
                }
                awaitPhase(committed, commits, "before-");

                replica.pause();
                // The master drops its link to the stalled replica, so nothing written from now on reaches it
                // (what the master had sent before waits in the replica's socket and is read when it resumes).
                REDIS.cli("-p", String.valueOf(master.port()), "CLIENT", "KILL", "TYPE", "replica");
                phase.set("lagging-");
                awaitPhase(committed, commits, "lagging-");
                awaitAHealCheckpointingPast(prefix);
                // Writes while no master answers go to keys of their own: had they rewritten the keys the replica
                // lacks, their failed applies (pending keys, re-applied by any heal) would have mended those too.
                phase.set("outage-");
                master.kill();
                replica.resume();
                LocalRedis.await(Duration.ofSeconds(60), "the sentinels promote the replica",
                        () -> masterPortNamedBySentinels() == replica.port());
                phase.set("after-");
                awaitPhase(committed, commits, "after-");
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(1, TimeUnit.MINUTES);
                }
                assertEquals(List.of(), List.copyOf(failures), "a commit never fails because Redis does");

                LocalRedis.await(Duration.ofSeconds(30), "verify() finds no difference once the heal has caught up",
                        () -> verifiedConsistent(se));
                VerifyReport report = se.recovery().verify();
                assertTrue(report.consistent() && report.checked() == committed.size(), report.toString());
                assertEveryWriteReadsAtItsCommittedVersion(se, prefix, committed);
            } finally {
                stop.set(true);
                writers.shutdownNow();
                factory.close();
            }
        }
    }

    private static void assertEveryWriteReadsAtItsCommittedVersion(StatekeeperSe se, String prefix,
            Map<String, Committed> committed) {
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + replica.port());
        try (StatefulRedisConnection<String, String> newMaster = raw.connect()) {
            for (String phase : List.of("before-", "lagging-", "after-")) {
                assertEquals(WRITERS * KEYS_PER_WRITER, committed.keySet().stream().filter(k -> k.startsWith(phase)).count(),
                        "every key of phase " + phase + " written");
            }
            committed.forEach((key, write) -> {
                assertEquals(Optional.of(new Versioned<>(write.value(), write.version())),
                        se.manager().getVersioned(key, String.class), key);
                assertEquals(write.version() + ":\"" + write.value() + "\"", newMaster.sync().get(prefix + "v:" + key),
                        "the new master itself holds " + key);
            });
        } finally {
            raw.shutdown();
        }
    }

    /**
     * Waits until the master holds a checkpoint newer than the writes made so far: a heal has recorded them
     * as applied, so only the epoch's change can tell that the promoted replica lacks them.
     */
    private static void awaitAHealCheckpointingPast(String prefix) {
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + master.port());
        try (StatefulRedisConnection<String, String> connection = raw.connect()) {
            Map<String, String> seen = connection.sync().hgetall(prefix + "checkpoints");
            LocalRedis.await(Duration.ofSeconds(30), "a heal checkpoints past the writes the replica lacks",
                    () -> !connection.sync().hgetall(prefix + "checkpoints").equals(seen));
        } finally {
            raw.shutdown();
        }
    }

    /** Waits for 200 more commits and until every writer has written each of its keys of {@code phase}. */
    private static void awaitPhase(Map<String, Committed> committed, AtomicLong commits, String phase) {
        long target = commits.get() + 200;
        LocalRedis.await(Duration.ofSeconds(60), "200 commits and every key of phase " + phase + " written",
                () -> commits.get() >= target && committed.keySet().stream().filter(k -> k.startsWith(phase)).count()
                        == WRITERS * KEYS_PER_WRITER);
    }

    /** Whether verify() finds no difference; false while the client still reconnects to the promoted master. */
    private static boolean verifiedConsistent(StatekeeperSe se) {
        try {
            return se.recovery().verify().consistent();
        } catch (RuntimeException e) {
            // Lettuce rejects commands until it has found the new master through the sentinels.
            return false;
        }
    }
}
