package org.statekeeper.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.statekeeper.redis.LazyConnection.Link;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * A {@link StateStore} in Redis (standalone, Sentinel or Cluster) on one Lettuce client; safe for
 * concurrent use.
 *
 * <p>Layout under the key prefix {@code p}: {@code p + "v:" + key} holds the string
 * {@code <version>:<json>} for a value, or {@code <version>} alone for a deleted key (a tombstone);
 * {@code p + "generation"} holds the generation marker and {@code p + "lock:" + name} a lock's owner,
 * expiring with its lease. Every write runs one Lua script that checks
 * the version, so writes are atomic per key and need neither transactions nor the {@code CONFIG}
 * command. Redis 6.2 or newer is required ({@code SET … PXAT}).
 *
 * <p>Redis remembers a key's version as long as it holds something for the key: a tombstone lives
 * {@link #TOMBSTONE_TTL} so deleted keys do not pile up forever, and a value with an expiry vanishes,
 * version and all, when it expires. A write older than a forgotten version would be applied again;
 * writes reach the store from the head rows or in version order, so that takes a write delayed
 * beyond the tombstone's life or the value's expiry, and a rebuild from the head rows corrects it.
 *
 * <p>The connection is opened on first use and reopened by Lettuce after an outage; while Redis is
 * unreachable calls fail fast with Lettuce's unchecked {@link RedisException}s, which callers handle.
 */
public final class RedisStateStore implements StateStore, AutoCloseable {

    /** How long a deleted key's tombstone (its version without a value) is kept. */
    public static final Duration TOMBSTONE_TTL = Duration.ofHours(24);

    private static final System.Logger LOG = System.getLogger(RedisStateStore.class.getName());

    private final RedisSettings settings;
    private final RedisConnector connector;
    private final Replies replies;
    private final ScriptCalls scripts;
    private final LazyConnection main;
    private final BulkApply bulk;
    private final PrefixScans scans;
    private final RunIds runIds;
    private final String valuePrefix;
    private final String generationKey;
    private final String checkpointKey;
    /** The checkpoints hash's field holding their epoch; node ids are printable without '@' first. */
    private static final String EPOCH_FIELD = "@epoch";
    private final String lockPrefix;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a store; it connects on first use, so an unreachable Redis does not stop construction.
     *
     * @param settings where Redis is and which key prefix to use
     */
    public RedisStateStore(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = new RedisConnector(settings);
        this.replies = new Replies(settings.commandTimeout().toNanos());
        this.scripts = new ScriptCalls(replies);
        this.main = new LazyConnection(connector, "store", scripts::load);
        this.valuePrefix = settings.keyPrefix() + "v:";
        this.generationKey = settings.keyPrefix() + "generation";
        this.checkpointKey = settings.keyPrefix() + "checkpoints";
        this.lockPrefix = settings.keyPrefix() + "lock:";
        this.scans = new PrefixScans(settings.keyPrefix(), valuePrefix, generationKey, lockPrefix, replies);
        this.runIds = new RunIds(replies);
        this.bulk = new BulkApply(connector, settings.clientType(), this::valueKey, TOMBSTONE_TTL, replies);
        LOG.log(Level.INFO, "SK0201 Redis store on {0} ({1}), key prefix \"{2}\"", settings.maskedUri(),
                settings.clientType(), settings.keyPrefix());
    }

    /** Returns the settings this store was created with. */
    public RedisSettings settings() {
        return settings;
    }

    /** Returns the key's value and version with one GET, or empty for an absent, deleted or expired key. */
    @Override
    public Optional<StoredValue> get(String key) {
        return parse(await(main.get().commands().get(valueKey(key))));
    }

    /**
     * Returns the key's value, version and expiry with one script (GET and PTTL at once); the expiry is
     * counted from before the call, so it is never later than Redis's own.
     */
    @Override
    public Optional<ExpiringValue> getExpiring(String key) {
        Instant sent = Instant.now();
        List<Object> reply = scripts.runMulti(main.get().commands(), StoreScripts.READ_EXPIRING, valueKey(key),
                new String[0]);
        if (reply == null || reply.size() < 2) {
            return Optional.empty();
        }
        long ttlMillis = (Long) reply.get(1);
        Instant expiresAt = ttlMillis < 0 ? null : sent.plusMillis(ttlMillis);
        return parse((String) reply.get(0)).map(v -> new ExpiringValue(v.json(), v.version(), expiresAt));
    }

    /**
     * Applies the write atomically with one Lua script if {@code version} is newer than the one held;
     * a null {@code json}, or an {@code expiresAt} that Redis's clock has already passed, leaves a
     * tombstone at {@code version}.
     *
     * @throws IllegalArgumentException when {@code version} is negative
     */
    @Override
    public boolean apply(String key, long version, String json, Instant expiresAt) {
        return run(StoreScripts.APPLY, valueKey(key), StoreScripts.applyArgs(version, json, expiresAt, TOMBSTONE_TTL)) == 1L;
    }

    /**
     * Applies every head, version guarded: on a standalone Redis a hundred keys per script call, on a
     * cluster one per key, pipelined a thousand keys at a time.
     */
    @Override
    public void applyAll(List<Head> heads) {
        if (heads.isEmpty()) {
            return;
        }
        bulk.applyAll(heads);
    }

    /**
     * Sends every head as a plain {@code SET … NX} (see {@link ClearedFill}) in one pipelined batch and
     * returns without waiting for the replies.
     */
    @Override
    public PendingWrites fill(List<Head> heads) {
        if (heads.isEmpty()) {
            return () -> { };
        }
        return bulk.fill(heads, head -> apply(head.key(), head.version(), head.json(), head.expiresAt()));
    }

    /**
     * Removes every key that starts with the key prefix, the generation marker first, scanning every
     * master of a cluster; locks stay, since a rebuild holds one while it clears.
     */
    @Override
    public void clear() {
        scans.clear(main.get().commands());
    }

    /** Scans this prefix's value keys (every master of a cluster) and passes each key, prefix removed. */
    @Override
    public void forEachKey(Consumer<String> action) {
        scans.forEachKey(main.get().commands(), action);
    }

    /** Returns the hash under the key prefix + {@code checkpoints}: node id to microseconds since the epoch. */
    @Override
    public Checkpoints checkpoints() {
        Map<String, Instant> checkpoints = new java.util.TreeMap<>();
        Map<String, String> hash = new java.util.HashMap<>(await(main.get().commands().hgetall(checkpointKey)));
        String epoch = hash.remove(EPOCH_FIELD);
        hash.forEach((node, micros) -> {
            try {
                checkpoints.put(node, Instant.EPOCH.plus(Long.parseLong(micros), java.time.temporal.ChronoUnit.MICROS));
            } catch (NumberFormatException e) {
                // Not ours, or damaged: the node counts as having no checkpoint, so all its heads are re-applied.
                LOG.log(Level.WARNING, "SK0203 Ignoring unreadable Statekeeper checkpoint of node {0}", node);
            }
        });
        return new Checkpoints(epoch, checkpoints);
    }

    /**
     * Records the checkpoint with one script that reads the server's run id in the same atomic step. On a
     * cluster the hash lives on one master: the others' run ids are read again after the write, and a
     * changed one removes the checkpoint again (a node without checkpoint is caught up in full).
     */
    @Override
    public boolean markCheckpoint(String node, Instant at, String epoch) {
        String micros = Long.toString(java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, at));
        boolean cluster = main.get().commands() instanceof RedisAdvancedClusterAsyncCommands;
        String runId = epoch == null || cluster ? "" : epoch;
        String[] args = {node, micros, runId, epoch == null ? "" : epoch};
        if (run(StoreScripts.MARK_CHECKPOINT, checkpointKey, args) != 1L) {
            return false;
        }
        if (cluster && epoch != null && !epoch().map(epoch::equals).orElse(false)) {
            await(main.get().commands().hdel(checkpointKey, node));
            return false;
        }
        return true;
    }

    /** Returns the marker stored under the key prefix + {@code generation}, or empty when Redis holds none. */
    @Override
    public Optional<String> generation() {
        return Optional.ofNullable(await(main.get().commands().get(generationKey)));
    }

    /** Stores {@code marker} under the key prefix + {@code generation}, without expiry. */
    @Override
    public void markGeneration(String marker) {
        Objects.requireNonNull(marker, "marker");
        await(main.get().commands().set(generationKey, marker));
    }

    /**
     * Takes or renews the lease atomically, with Redis's clock judging its end, so node clocks need not agree.
     *
     * @throws IllegalArgumentException when {@code owner} is empty or {@code lease} is shorter than 1 ms
     */
    @Override
    public boolean tryLock(String name, String owner, Duration lease) {
        return run(StoreScripts.TRY_LOCK, lockKey(name), StoreScripts.tryLockArgs(owner, lease)) == 1L;
    }

    /** Deletes the lock atomically if {@code owner} holds it, so a lapsed holder cannot free its successor's lock. */
    @Override
    public void unlock(String name, String owner) {
        run(StoreScripts.UNLOCK, lockKey(name), new String[] {Objects.requireNonNull(owner, "owner")});
    }

    /** Deletes the key's Redis string atomically if the version it holds is {@code deletedVersion} or older. */
    @Override
    public boolean forget(String key, long deletedVersion) {
        return run(StoreScripts.FORGET, valueKey(key), new String[] {Long.toString(deletedVersion)}) == 1L;
    }

    /**
     * Returns the run id of the Redis server (of every master of a cluster, in node order): Redis draws a
     * new one at every start, so a restart, a restore from a snapshot and a failover to a replica all
     * change it, whatever data came back with them.
     */
    @Override
    public Optional<String> epoch() {
        return Optional.of(runIds.read(main.get().commands()));
    }

    /** Returns whether Redis answers a PING within the command timeout; never throws, for health checks. */
    public boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(await(main.get().commands().ping()));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis PING failed: {0}", e.toString());
            return false;
        }
    }

    /** Closes the connections and stops every thread of the Lettuce client; later calls fail. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            main.close();
            bulk.close();
        } finally {
            connector.close();
        }
    }

    RedisConnector connector() {
        return connector;
    }

    RedisClusterAsyncCommands<String, String> commands() {
        return main.get().commands();
    }

    /** Returns the commands of the store's connection if it is open, else null; never connects (nor blocks). */
    RedisClusterAsyncCommands<String, String> commandsIfOpen() {
        Link link = main.ifOpen();
        return link == null ? null : link.commands();
    }

    <T> T await(RedisFuture<T> future) {
        return replies.await(future);
    }

    private long run(LuaScript script, String redisKey, String[] args) {
        return scripts.run(main.get().commands(), script, redisKey, args);
    }

    private String lockKey(String name) {
        return lockPrefix.concat(Objects.requireNonNull(name, "name"));
    }

    private String valueKey(String key) {
        return valuePrefix.concat(Objects.requireNonNull(key, "key"));
    }

    private static Optional<StoredValue> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        if (colon < 0) {
            return Optional.empty(); // a tombstone
        }
        try {
            return Optional.of(new StoredValue(raw.substring(colon + 1), Long.parseLong(raw, 0, colon, 10)));
        } catch (NumberFormatException e) {
            // The content is not shown: it is application data.
            throw new IllegalStateException("A Redis key under the prefix holds no Statekeeper value"
                    + " (is another application using the same key prefix?)", e);
        }
    }

    /** Escapes the glob characters of SCAN MATCH, so a prefix is matched literally. */
    static String globEscape(String text) {
        return PrefixScans.globEscape(text);
    }
}
