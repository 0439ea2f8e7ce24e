package org.statekeeper.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.statekeeper.redis.LazyConnection.Link;
import org.statekeeper.redis.RedisSettings.ClientType;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;

/**
 * Writes many heads at once, pipelined on a connection of its own: pipelining turns auto-flush off, which
 * on the store's shared connection would stall concurrent reads, so bulk writes are kept off it here.
 */
final class BulkApply implements AutoCloseable {

    /** Under the store's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(RedisStateStore.class.getName());
    private static final int PIPELINE_CHUNK = 1000;
    private static final int KEYS_PER_SCRIPT = 100;

    /** One script call of a bulk apply. */
    private record Call(LuaScript script, String[] keys, String[] args) {
    }

    private final ClientType clientType;
    private final Function<String, String> valueKey;
    private final Duration tombstoneTtl;
    private final Replies replies;
    private final LazyConnection bulk;
    private final Object bulkLock = new Object();

    BulkApply(RedisConnector connector, ClientType clientType, Function<String, String> valueKey,
            Duration tombstoneTtl, Replies replies) {
        this.clientType = clientType;
        this.valueKey = valueKey;
        this.tombstoneTtl = tombstoneTtl;
        this.replies = replies;
        this.bulk = new LazyConnection(connector, "bulk load", link -> { });
    }

    /** Applies every head, version guarded, and returns once Redis has answered for each. */
    void applyAll(List<Head> heads) {
        List<String> keys = new ArrayList<>(heads.size());
        List<String[]> args = new ArrayList<>(heads.size());
        for (Head head : heads) {
            keys.add(valueKey.apply(head.key()));
            args.add(StoreScripts.applyArgs(head.version(), head.json(), head.expiresAt(), tombstoneTtl));
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

    /** Sends every head as a plain {@code SET … NX} ({@link ClearedFill}), {@code guarded} for keys found written. */
    StateStore.PendingWrites fill(List<Head> heads, ClearedFill.GuardedApply guarded) {
        synchronized (bulkLock) {
            Link link = bulk.get();
            return pipelined(link, () -> ClearedFill.send(link.commands(), valueKey, heads, tombstoneTtl,
                    Instant.now(), replies::await, guarded));
        }
    }

    /**
     * Runs {@code work} with the bulk connection's auto-flush off, so its commands leave in few writes;
     * except on a cluster, where Lettuce does not flush a node connection that was still opening when
     * {@code flushCommands} ran (lettuce#2420) and its commands would wait out the timeout. There,
     * commands are still pipelined (sent without waiting for replies), one write each.
     */
    private <T> T pipelined(Link link, Supplier<T> work) {
        if (clientType == ClientType.CLUSTER) {
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
        if (clientType == ClientType.CLUSTER) {
            for (int i = 0; i < keys.size(); i++) {
                calls.add(new Call(StoreScripts.APPLY, new String[] {keys.get(i)}, args.get(i)));
            }
            return calls;
        }
        for (int from = 0; from < keys.size(); from += KEYS_PER_SCRIPT) {
            int to = Math.min(keys.size(), from + KEYS_PER_SCRIPT);
            String[] many = new String[1 + 4 * (to - from)];
            many[0] = Long.toString(tombstoneTtl.toMillis());
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
                replies.await(futures.get(i));
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

    /** Closes the bulk connection. */
    @Override
    public void close() {
        bulk.close();
    }
}
