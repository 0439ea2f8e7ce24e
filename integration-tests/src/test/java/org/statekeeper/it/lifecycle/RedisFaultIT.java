package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.redis.RedisSettings;
import org.statekeeper.redis.RedisStateStore;

/**
 * Redis going wrong under a running workload, on a real Payara Micro: flushed, stopped for ten
 * seconds. No acknowledged write may be lost or read stale, and Redis must end up equal to the log.
 * Two applications share the Redis (and the default H2 log of the server) and see each other's
 * changes, including as remote StateChanged events; a third server with another key prefix leaves
 * their keys alone. Every application runs with the near cache on.
 */
class RedisFaultIT {

    private record Acked(long version, String value) {
    }

    /** The near cache's stated bound, with room for a busy machine. */
    private static final Duration NEAR_CACHE_BOUND = Duration.ofSeconds(1);

    private static TestRedisServer redis;
    /** A second Redis, which keeps RDB snapshots, for application c of the same server. */
    private static TestRedisServer snapshotting;
    private static RedisClient snapshotClient;
    private static StatefulRedisConnection<String, String> snapshotConnection;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ServerProcess server;
    private static String prefix;

    @BeforeAll
    static void startRedisAndServer() throws Exception {
        redis = TestRedisServer.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        prefix = "fault-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String config = "state.redis.uri=" + redis.uri() + "\nstate.redis.key-prefix=" + prefix
                + "\nstate.redis.timeout=500ms\nstate.near-cache=on\n";
        snapshotting = TestRedisServer.startWithSnapshots(java.nio.file.Files.createTempDirectory("sk-rdb-"));
        snapshotClient = RedisClient.create(snapshotting.uri());
        snapshotConnection = snapshotClient.connect();
        String snapshotConfig = "state.redis.uri=" + snapshotting.uri() + "\nstate.redis.key-prefix=" + prefix
                + "\nstate.redis.timeout=500ms\nstate.near-cache=on\n";
        server = ServerProcess.start(List.of(LifecycleWars.build("a", config), LifecycleWars.build("b", config),
                LifecycleWars.build("c", snapshotConfig)), false, LifecycleWars.newRootDir(),
                LifecycleWars.WORK.resolve("redis-fault.log"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (server != null) {
            server.close();
        }
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        if (snapshotConnection != null) {
            snapshotConnection.close();
            snapshotClient.shutdown();
        }
        if (snapshotting != null) {
            snapshotting.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static RedisCommands<String, String> raw() {
        return connection.sync();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void flushallInTheMiddleOfAWorkloadKeepsEveryReadCorrectAndRedisIsRefilled() throws Exception {
        Map<String, Acked> acked = workload("flush", Duration.ofSeconds(6), () -> raw().flushall());
        awaitRedisEqualsLog(acked);
    }

    @Test
    void redisStoppedForTenSecondsLosesNoCommitAndIsCaughtUpAfterwards() throws Exception {
        Map<String, Acked> acked = workload("outage", Duration.ofSeconds(16), () -> {
            redis.stop();
            sleep(10_000);
            redis.restart();
        });
        awaitRedisEqualsLog(acked);
    }

    @Test
    void redisRestartedFromAnOlderSnapshotGetsBackEveryWriteItLost() throws Exception {
        RedisCommands<String, String> rdb = snapshotConnection.sync();
        String key = "snap-" + UUID.randomUUID();
        String created = "snap-new-" + UUID.randomUUID();
        assertEquals("1", server.post("/c/state?key=" + q(key) + "&value=v1").body());
        assertEquals("OK", rdb.save(), "the snapshot: the key at v1");
        assertEquals("2", server.post("/c/state?key=" + q(key) + "&value=v2").body());
        assertEquals("1", server.post("/c/state?key=" + q(created) + "&value=x").body());
        // Older than the catch-up margin by the time Redis comes back, as a snapshot's losses usually are.
        sleep(6_000);

        snapshotting.stop();
        snapshotting.restart(); // loads the snapshot: v1, no second key, and the marker of that time
        awaitTrue(() -> {
            try {
                return "2:\"v2\"".equals(rdb.get(prefix + "v:" + key)) && rdb.exists(prefix + "v:" + created) == 1;
            } catch (RuntimeException reconnecting) {
                return false;
            }
        }, "the writes the snapshot lost are back in Redis");
        assertEquals("2:v2", server.get("/c/state?key=" + q(key)).body());
        assertEquals("1:x", server.get("/c/state?key=" + q(created)).body());
    }

    @Test
    void twoApplicationsSharingRedisSeeEachOthersCommitsAndRemoteEvents() throws Exception {
        String key = "shared-" + UUID.randomUUID();

        assertEquals("1", server.post("/a/state?key=" + q(key) + "&value=from-a").body());

        assertEquals("1:from-a", server.get("/b/state?key=" + q(key)).body());
        assertEquals("1:\"from-a\"", raw().get(prefix + "v:" + key), "a's write is in the shared Redis");
        awaitTrue(() -> server.get("/b/state?events=" + q(key)).body().equals("1:SET:remote\n"),
                "b observes a's change as a remote StateChanged");
        assertEquals("1:SET:local\n", server.get("/a/state?events=" + q(key)).body());
    }

    @Test
    void anObserverThatThrowsDoesNotKeepOtherApplicationsFromHearingOfTheChange() throws Exception {
        String key = ObservedChanges.FAILING_OBSERVER_PREFIX + UUID.randomUUID();

        assertEquals("1", server.post("/a/state?key=" + q(key) + "&value=from-a").body(), "the commit stands");

        awaitTrue(() -> server.get("/b/state?events=" + q(key)).body().equals("1:SET:remote\n"),
                "b still observes a's change as a remote StateChanged");
    }

    @Test
    void outOfOrderAndDuplicateAppliesAreIgnored() throws Exception {
        String key = "guarded-" + UUID.randomUUID();
        server.post("/a/state?key=" + q(key) + "&value=one");
        server.post("/a/state?key=" + q(key) + "&value=two");

        try (RedisStateStore sameNamespace = new RedisStateStore(
                new RedisSettings(redis.uri(), null, Duration.ofSeconds(2), prefix))) {
            assertFalse(sameNamespace.apply(key, 1, "\"late\""), "an older version is refused");
            assertFalse(sameNamespace.apply(key, 2, "\"replayed\""), "the same version again is refused");
        }
        assertEquals("2:two", server.get("/b/state?key=" + q(key)).body());
    }

    @Test
    void anotherKeyPrefixOnTheSameRedisLeavesTheseKeysAlone() throws Exception {
        String key = "isolated-" + UUID.randomUUID();
        server.post("/a/state?key=" + q(key) + "&value=mine");
        String otherPrefix = "other-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String config = "state.redis.uri=" + redis.uri() + "\nstate.redis.key-prefix=" + otherPrefix + "\n";

        // Its own server, so its own empty log: its startup rebuild clears its namespace only.
        try (ServerProcess other = ServerProcess.start(LifecycleWars.build("other", config),
                LifecycleWars.newRootDir(), LifecycleWars.WORK.resolve("redis-other.log"))) {
            assertEquals("absent", other.get("/app/state?key=" + q(key)).body());
            assertEquals("1", other.post("/app/state?key=" + q(key) + "&value=theirs").body());
            other.stop();
        }

        assertEquals("1:mine", server.get("/a/state?key=" + q(key)).body());
        assertEquals("1:\"mine\"", raw().get(prefix + "v:" + key));
        assertEquals("1:\"theirs\"", raw().get(otherPrefix + "v:" + key));
    }

    /**
     * Four writers, each the only writer of its five keys, write and read back for {@code length};
     * {@code fault} runs a third of the way in. Every write must be acknowledged and every read must
     * see at least the writer's last acknowledged version: at once through the application that wrote,
     * within the near cache's bound through the other one.
     */
    private Map<String, Acked> workload(String name, Duration length, Runnable fault) throws Exception {
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                running.add(pool.submit(() -> {
                    // Half the reads go through the other application, to prove the shared view.
                    String reader = writer % 2 == 0 ? "/a" : "/b";
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                        String key = name + "-w" + writer + "-k" + (n % 5);
                        String value = "n" + n;
                        var written = server.post("/a/state?key=" + q(key) + "&value=" + value);
                        if (written.statusCode() != 200) {
                            violations.add("write of " + key + " failed: " + written.statusCode());
                            continue;
                        }
                        long version = Long.parseLong(written.body());
                        acked.put(key, new Acked(version, value));
                        String expected = version + ":" + value;
                        String read = server.get(reader + "/state?key=" + q(key)).body();
                        // The writing application reads its own write at once; the other, with the near cache
                        // on, within the near cache's bound (0.5 s after the announcement reached Redis).
                        long staleUntil = System.nanoTime() + NEAR_CACHE_BOUND.toNanos();
                        while (!read.equals(expected) && reader.equals("/b") && System.nanoTime() < staleUntil) {
                            Thread.sleep(5);
                            read = server.get(reader + "/state?key=" + q(key)).body();
                        }
                        if (!read.equals(expected)) {
                            violations.add("after acknowledged " + key + " v" + version + " read " + read);
                        }
                    }
                    return null;
                }));
            }
            running.add(pool.submit(() -> {
                Thread.sleep(length.toMillis() / 3);
                fault.run();
                return null;
            }));
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(violations.isEmpty(), violations.size() + " violations, e.g. " + violations.peek());
        assertTrue(acked.size() == 20, "every writer got writes acknowledged: " + acked.keySet());
        return acked;
    }

    /** Waits until Redis holds, for every key, exactly the version and value of the log's head. */
    private void awaitRedisEqualsLog(Map<String, Acked> acked) throws Exception {
        Map<String, Long> heads = new TreeMap<>();
        for (String line : server.get("/a/state?heads").body().split("\n")) {
            String[] f = line.split("\t");
            heads.put(f[0], Long.parseLong(f[1]));
        }
        for (Map.Entry<String, Acked> e : acked.entrySet()) {
            assertEquals(e.getValue().version(), heads.get(e.getKey()), "the log head is the last acknowledged write");
        }
        awaitTrue(() -> acked.entrySet().stream().allMatch(e ->
                (e.getValue().version() + ":\"" + e.getValue().value() + "\"").equals(raw().get(prefix + "v:" + e.getKey()))),
                "Redis holds every key's last acknowledged version");
        for (Map.Entry<String, Acked> e : acked.entrySet()) {
            assertEquals(e.getValue().version() + ":" + e.getValue().value(),
                    server.get("/b/state?key=" + q(e.getKey())).body());
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
