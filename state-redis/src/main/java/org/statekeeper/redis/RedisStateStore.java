package org.statekeeper.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.redis.LazyConnection.Link;
import org.statekeeper.redis.RedisSettings.ClientType;
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
    private static final int PIPELINE_CHUNK = 1000;
    private static final int KEYS_PER_SCRIPT = 100;
    private static final int SCAN_COUNT = 20_000;

    private final RedisSettings settings;
    private final RedisConnector connector;
    private final LazyConnection main;
    // Pipelining turns auto-flush off, which on the shared connection would stall concurrent reads.
    private final LazyConnection bulk;
    private final Object bulkLock = new Object();
    private final String valuePrefix;
    private final String generationKey;
    private final String checkpointKey;
    /** The checkpoints hash's field holding their epoch; node ids are printable without '@' first. */
    private static final String EPOCH_FIELD = "@epoch";
    private final String lockPrefix;
    private final long timeoutNanos;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a store; it connects on first use, so an unreachable Redis does not stop construction.
     *
     * @param settings where Redis is and which key prefix to use
     */
    public RedisStateStore(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = new RedisConnector(settings);
        this.main = new LazyConnection(connector, "store", this::loadScripts);
        this.bulk = new LazyConnection(connector, "bulk load", link -> { });
        this.valuePrefix = settings.keyPrefix() + "v:";
        this.generationKey = settings.keyPrefix() + "generation";
        this.checkpointKey = settings.keyPrefix() + "checkpoints";
        this.lockPrefix = settings.keyPrefix() + "lock:";
        this.timeoutNanos = settings.commandTimeout().toNanos();
        LOG.log(Level.INFO, "Redis store on {0} ({1}), key prefix \"{2}\"", settings.maskedUri(),
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
        RedisClusterAsyncCommands<String, String> commands = main.get().commands();
        String redisKey = valueKey(key);
        List<Object> reply;
        try {
            reply = await(StoreScripts.READ_EXPIRING.evalshaMulti(commands, redisKey, new String[0]));
        } catch (RedisNoScriptException e) {
            reply = await(StoreScripts.READ_EXPIRING.evalMulti(commands, redisKey, new String[0]));
        }
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
        List<String> keys = new ArrayList<>(heads.size());
        List<String[]> args = new ArrayList<>(heads.size());
        for (Head head : heads) {
            keys.add(valueKey(head.key()));
            args.add(StoreScripts.applyArgs(head.version(), head.json(), head.expiresAt(), TOMBSTONE_TTL));
        }
        synchronized (bulkLock) {
            Link link = bulk.get();
            pipelined(link, () -> {
                for (int from = 0; from < keys.size(); from += PIPELINE_CHUNK) {
                    int to = Math.min(keys.size(), from + PIPELINE_CHUNK);
                    applyChunk(link, keys.subList(from, to), args.subList(from, to));
                }
                return null;
            });
        }
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
        synchronized (bulkLock) {
            Link link = bulk.get();
            return pipelined(link, () -> ClearedFill.send(link.commands(), this::valueKey, heads, TOMBSTONE_TTL,
                    Instant.now(), this::await, head -> apply(head.key(), head.version(), head.json(), head.expiresAt())));
        }
    }

    /**
     * Runs {@code work} with the bulk connection's auto-flush off, so its commands leave in few writes;
     * except on a cluster, where Lettuce does not flush a node connection that was still opening when
     * {@code flushCommands} ran (lettuce#2420) and its commands would wait out the timeout. There,
     * commands are still pipelined (sent without waiting for replies), one write each.
     */
    private <T> T pipelined(Link link, Supplier<T> work) {
        if (settings.clientType() == ClientType.CLUSTER) {
            return work.get();
        }
        link.connection().setAutoFlushCommands(false);
        try {
            return work.get();
        } finally {
            link.connection().setAutoFlushCommands(true);
            link.connection().flushCommands();
        }
    }

    /**
     * Removes every key that starts with the key prefix, the generation marker first, scanning every
     * master of a cluster; locks stay, since a rebuild holds one while it clears.
     */
    @Override
    public void clear() {
        RedisClusterAsyncCommands<String, String> commands = main.get().commands();
        // Marker first: a reader must never take a half-cleared namespace for a complete one.
        await(commands.unlink(generationKey));
        ScanArgs match = ScanArgs.Builder.matches(globEscape(settings.keyPrefix()) + "*").limit(SCAN_COUNT);
        // Each UNLINK is sent without waiting for it, so that the scan goes on meanwhile.
        List<RedisFuture<Long>> unlinks = new ArrayList<>();
        KeyScanCursor<String> cursor = await(commands.scan(match));
        while (true) {
            List<String> keys = new ArrayList<>(cursor.getKeys());
            keys.removeIf(k -> k.startsWith(lockPrefix));
            if (!keys.isEmpty()) {
                unlinks.add(commands.unlink(keys.toArray(String[]::new)));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = await(commands.scan(cursor, match));
        }
        long removed = 0;
        for (RedisFuture<Long> unlink : unlinks) {
            removed += await(unlink);
        }
        LOG.log(Level.INFO, "Cleared {0} Redis keys with prefix \"{1}\"", Long.toString(removed), settings.keyPrefix());
    }

    /** Returns the marker stored under the key prefix + {@code generation}, or empty when Redis holds none. */
    /** Scans this prefix's value keys (every master of a cluster) and passes each key, prefix removed. */
    @Override
    public void forEachKey(Consumer<String> action) {
        RedisClusterAsyncCommands<String, String> commands = main.get().commands();
        ScanArgs match = ScanArgs.Builder.matches(globEscape(valuePrefix) + "*").limit(SCAN_COUNT);
        KeyScanCursor<String> cursor = await(commands.scan(match));
        while (true) {
            for (String key : cursor.getKeys()) {
                action.accept(key.substring(valuePrefix.length()));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = await(commands.scan(cursor, match));
        }
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
                LOG.log(Level.WARNING, "Ignoring unreadable Statekeeper checkpoint of node {0}", node);
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
        RedisClusterAsyncCommands<String, String> commands = main.get().commands();
        if (commands instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
            java.util.SortedMap<String, String> runIds = new java.util.TreeMap<>();
            cluster.masters().commands().info("server").asMap().forEach((node, info) ->
                    runIds.put(node.getNodeId(), runId(awaitStage(info))));
            return Optional.of(String.join(",", runIds.values()));
        }
        return Optional.of(runId(await(commands.info("server"))));
    }

    private String awaitStage(java.util.concurrent.CompletionStage<String> stage) {
        try {
            return stage.toCompletableFuture().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("Interrupted while reading the Redis run id", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new RedisException("Could not read the Redis run id: " + e, e);
        }
    }

    private static String runId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        throw new IllegalStateException("Redis INFO server did not give a run_id");
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
        return LettuceFutures.awaitOrCancel(future, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** One script call of a bulk apply. */
    private record Call(LuaScript script, String[] keys, String[] args) {
    }

    private void applyChunk(Link link, List<String> keys, List<String[]> args) {
        List<Call> calls = calls(keys, args);
        List<RedisFuture<Long>> sent = new ArrayList<>(calls.size());
        for (Call call : calls) {
            sent.add(call.script().evalsha(link.commands(), call.keys(), call.args()));
        }
        link.connection().flushCommands();
        List<Integer> lost = awaitChunk(sent);
        if (lost.isEmpty()) {
            return;
        }
        LOG.log(Level.DEBUG, "Redis lost a script (restart or SCRIPT FLUSH); sending it again");
        List<RedisFuture<Long>> resent = new ArrayList<>(lost.size());
        for (int i : lost) {
            Call call = calls.get(i);
            resent.add(call.script().eval(link.commands(), call.keys(), call.args()));
        }
        link.connection().flushCommands();
        if (!awaitChunk(resent).isEmpty()) {
            throw new RedisException("Redis keeps losing the apply script (NOSCRIPT after EVAL)");
        }
    }

    /**
     * The script calls that apply {@code keys}: on a standalone Redis, {@link StoreScripts#APPLY_MANY} for up
     * to {@link #KEYS_PER_SCRIPT} keys at a time (a script call costs Redis several times a plain write);
     * on a cluster, whose keys lie in different slots, one {@link StoreScripts#APPLY} each.
     */
    private List<Call> calls(List<String> keys, List<String[]> args) {
        List<Call> calls = new ArrayList<>();
        if (settings.clientType() == ClientType.CLUSTER) {
            for (int i = 0; i < keys.size(); i++) {
                calls.add(new Call(StoreScripts.APPLY, new String[] {keys.get(i)}, args.get(i)));
            }
            return calls;
        }
        for (int from = 0; from < keys.size(); from += KEYS_PER_SCRIPT) {
            int to = Math.min(keys.size(), from + KEYS_PER_SCRIPT);
            String[] many = new String[1 + 4 * (to - from)];
            many[0] = Long.toString(TOMBSTONE_TTL.toMillis());
            for (int i = from; i < to; i++) {
                System.arraycopy(args.get(i), 0, many, 1 + 4 * (i - from), 4);
            }
            calls.add(new Call(StoreScripts.APPLY_MANY, keys.subList(from, to).toArray(String[]::new), many));
        }
        return calls;
    }

    /** Waits for every command of a chunk; returns the indexes that failed with NOSCRIPT, throws the first other failure. */
    private List<Integer> awaitChunk(List<RedisFuture<Long>> futures) {
        List<Integer> lost = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                await(futures.get(i));
            } catch (RedisNoScriptException e) {
                lost.add(i);
            } catch (RuntimeException e) {
                // Keep draining: every reply must be read before the connection is used again.
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return lost;
    }

    private long run(LuaScript script, String redisKey, String[] args) {
        RedisClusterAsyncCommands<String, String> commands = main.get().commands();
        try {
            return await(script.evalsha(commands, redisKey, args));
        } catch (RedisNoScriptException e) {
            LOG.log(Level.DEBUG, "Redis lost a script (restart or SCRIPT FLUSH); sending it again");
            return await(script.eval(commands, redisKey, args));
        }
    }

    private void loadScripts(Link link) {
        try {
            for (LuaScript script : StoreScripts.ALL) {
                String sha = await(script.load(link.commands()));
                if (!script.sha().equalsIgnoreCase(sha)) {
                    throw new IllegalStateException("Redis gave a script the SHA-1 " + sha + ", expected " + script.sha());
                }
            }
        } catch (RedisCommandExecutionException e) {
            // SCRIPT may be forbidden by an ACL that allows EVAL; the NOSCRIPT fallback loads it then.
            LOG.log(Level.DEBUG, "SCRIPT LOAD failed, scripts are sent on first use: {0}", e.getMessage());
        }
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
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
