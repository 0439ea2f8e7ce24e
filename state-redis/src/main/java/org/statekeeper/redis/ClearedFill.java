package org.statekeeper.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;

/**
 * Heads written into a namespace that has just been cleared. Each is a plain {@code SET … NX}: a key
 * that is absent can hold no newer version, so the version check of the apply script is not needed,
 * and Redis runs a plain {@code SET} about three times as fast as the script. Where the {@code NX}
 * finds a key (a change committed and applied since the clear), the head is applied again with the
 * version-guarded script instead, so the newer of the two stays.
 */
final class ClearedFill implements StateStore.PendingWrites {

    /** Applies one head with the version-guarded script. */
    @FunctionalInterface
    interface GuardedApply {
        void apply(Head head);
    }

    /** Waits for one reply within the store's timeout. */
    @FunctionalInterface
    interface Await {
        <T> T await(RedisFuture<T> future);
    }

    private final List<Head> heads;
    private final List<RedisFuture<String>> sent;
    private final Await await;
    private final GuardedApply guarded;

    private ClearedFill(List<Head> heads, List<RedisFuture<String>> sent, Await await, GuardedApply guarded) {
        this.heads = heads;
        this.sent = sent;
        this.await = await;
        this.guarded = guarded;
    }

    /**
     * Queues one {@code SET … NX} per head on {@code commands}; the caller flushes them.
     *
     * @param commands a connection's commands, with auto-flush off
     * @param valueKey maps a key to its Redis key
     * @param heads the heads to write
     * @param tombstoneTtl how long a deleted key's version is kept
     * @param now this node's clock, to tell expired values (written as tombstones)
     * @param await waits for a reply
     * @param guarded applies a head whose key was found already written
     * @return the writes to wait for
     */
    static ClearedFill send(RedisClusterAsyncCommands<String, String> commands, Function<String, String> valueKey,
            List<Head> heads, Duration tombstoneTtl, Instant now, Await await, GuardedApply guarded) {
        List<RedisFuture<String>> sent = new ArrayList<>(heads.size());
        for (Head head : heads) {
            String version = Long.toString(head.version());
            boolean live = head.liveAt(now);
            SetArgs args = SetArgs.Builder.nx();
            String raw;
            if (!live) {
                raw = version;
                args.px(tombstoneTtl.toMillis());
            } else {
                raw = version.concat(":").concat(head.json());
                if (head.expiresAt() != null) {
                    // Redis's clock judges the expiry, as in the apply script; rounded down, as there.
                    args.pxAt(head.expiresAt().toEpochMilli());
                }
            }
            sent.add(commands.set(valueKey.apply(head.key()), raw, args));
        }
        return new ClearedFill(heads, sent, await, guarded);
    }

    @Override
    public void await() {
        RuntimeException failure = null;
        for (int i = 0; i < sent.size(); i++) {
            try {
                if (await.await(sent.get(i)) == null) {
                    // NX found the key: someone wrote it after the clear; keep the newer version.
                    guarded.apply(heads.get(i));
                }
            } catch (RuntimeException e) {
                // Keep draining: every reply must be read before the writes count as done.
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
