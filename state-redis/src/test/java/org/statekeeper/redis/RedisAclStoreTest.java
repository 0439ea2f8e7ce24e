package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.ChangeType;
import org.statekeeper.spi.StateStore;
import org.statekeeper.testing.store.StateStoreContract;
import org.statekeeper.testing.support.LocalRedis;
import org.statekeeper.testing.support.RequiresRedisServer;

/**
 * The store contract and the change feed under an ACL user limited to the key prefix, its channels and
 * exactly the commands Statekeeper sends ({@link #COMMANDS}, the README's ACL line), on a real
 * {@code redis-server}; a user without one of them gets Redis's permission error naming the command, at
 * once.
 */
@RequiresRedisServer
class RedisAclStoreTest extends StateStoreContract {

    /** The commands of the README's ACL line: every command the store, its scripts and the change feed send. */
    static final String COMMANDS = "-@all +get +set +getrange +del +unlink +pttl +hset +hgetall +hdel +scan +time "
            + "+info +ping +eval +evalsha +script|load +publish +subscribe +unsubscribe";
    private static final String PREFIX = "skacl:";
    private static final String PASSWORD = "acl-" + UUID.randomUUID();

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private static LocalRedis.Node server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startRedisWithLimitedUsers() {
        server = REDIS.server("acl");
        setUser("statekeeper", COMMANDS);
        setUser("noevalsha", COMMANDS.replace(" +evalsha", ""));
        setUser("nosubscribe", COMMANDS.replace(" +subscribe", ""));
        // Nobody may get in without a password: the limits are what is tested.
        REDIS.cli("-p", String.valueOf(server.port()), "ACL", "SETUSER", "default", "off");
    }

    /** The README's line: {@code ACL SETUSER statekeeper on >password ~prefix* resetchannels &prefix* <commands>}. */
    private static void setUser(String name, String commands) {
        List<String> line = new ArrayList<>(List.of("-p", String.valueOf(server.port()), "ACL", "SETUSER", name,
                "on", ">" + PASSWORD, "~" + PREFIX + "*", "resetchannels", "&" + PREFIX + "*"));
        line.addAll(List.of(commands.split(" ")));
        String reply = REDIS.cli(line.toArray(String[]::new));
        assertEquals("OK", reply.trim(), reply);
    }

    private static RedisSettings as(String user, String prefix) {
        return new RedisSettings("redis://" + user + ":" + PASSWORD + "@127.0.0.1:" + server.port(), null,
                Duration.ofSeconds(5), prefix);
    }

    private static String prefix() {
        return PREFIX + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @Override
    protected StateStore openStore() {
        return new RedisStateStore(as("statekeeper", prefix()));
    }

    @Override
    protected void closeStore(StateStore opened) {
        ((RedisStateStore) opened).close();
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void theChangeFeedWorksUnderTheLimitedUser() throws InterruptedException {
        RedisStateStore mine = (RedisStateStore) store;
        RedisStateStore peer = opened(new RedisStateStore(as("statekeeper", mine.settings().keyPrefix())));
        LinkedBlockingQueue<RemoteChange> heard = new LinkedBlockingQueue<>();
        RedisChangeFeed feed = opened(new RedisChangeFeed(mine, "node-a", change -> { }));
        opened(new RedisChangeFeed(peer, "node-b", heard::add));
        assertTrue(mine.ping(), "connected: the feed pings over the store's connection");
        LocalRedis.await(Duration.ofSeconds(10), "node a's feed vouches for delivery (its pings come back)",
                () -> feed.continuity() >= 0);
        feed.publish("cart: 1", 4, ChangeType.SET);
        assertEquals(new RemoteChange("cart: 1", 4, ChangeType.SET, "node-a"), heard.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aUserWithoutEvalshaGetsThePermissionErrorNamingTheCommandAtOnce() {
        try (RedisStateStore limited = new RedisStateStore(as("noevalsha", prefix()))) {
            long start = System.nanoTime();
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> limited.apply("k", 1, "\"v\""));
            assertTrue(e.getMessage().startsWith("NOPERM") && e.getMessage().contains("evalsha"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "within the command timeout, not a hang");
        }
    }

    @Test
    void keysOutsideThePrefixAreRefused() {
        try (RedisStateStore outside = new RedisStateStore(as("statekeeper", "someone-else:"))) {
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> outside.get("k"));
            assertTrue(e.getMessage().startsWith("NOPERM"), e.getMessage());
        }
    }

    @Test
    void aUserWithoutSubscribeGetsAWarningNamingThePermissionAndItsFeedNeverVouchesForDelivery() {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(RedisChangeFeed.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            RedisStateStore deaf = opened(new RedisStateStore(as("nosubscribe", prefix())));
            RedisChangeFeed deafFeed = opened(new RedisChangeFeed(deaf, "node-b", change -> { }));
            assertTrue(deaf.ping(), "connected: its pings are published, only never heard");
            LocalRedis.await(Duration.ofSeconds(10), "a warning naming the missing permission: " + warnings,
                    () -> warnings.stream().anyMatch(w -> w.contains("NOPERM") && w.contains("subscribe")));
            assertEquals(-1, deafFeed.continuity(), "a near cache on this node is never trusted");
            assertFalse(String.join("\n", warnings).contains(PASSWORD), "no password in the warning");
        } finally {
            log.removeHandler(handler);
        }
    }
}
