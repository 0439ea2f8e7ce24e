package org.statekeeper.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Consumer;
import org.statekeeper.ChangeType;

/**
 * Tells the other nodes about committed changes over Redis pub/sub, on the channel
 * {@code keyPrefix + "changes"}, and hands their announcements to a listener.
 *
 * <p>The feed uses its store's Lettuce client: one subscription connection of its own, and the
 * store's connection to publish. Pub/sub is fire-and-forget: a node that is disconnected while a
 * change is announced misses it, which is why announcements only invalidate caches and notify,
 * and never carry state. The subscription is renewed by Lettuce after a reconnect; if Redis is
 * unreachable when the feed is created, the feed keeps trying every second until it subscribes.
 */
public final class RedisChangeFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisChangeFeed.class.getName());
    private static final long RETRY_SECONDS = 1;

    private final RedisStateStore store;
    private final String nodeId;
    private final String channel;
    private final Consumer<RemoteChange> listener;
    /** How often this node pings itself through the channel. */
    static final Duration PING_EVERY = Duration.ofMillis(100);
    /** How recent the send of the last ping heard back must be for the feed to vouch for its delivery. */
    static final Duration DELIVERY_DEADLINE = Duration.ofMillis(500);

    private final RedisPubSubAdapter<String, String> adapter = new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
            if (channel.equals(from)) {
                deliver(message);
            }
        }

        @Override
        public void subscribed(String to, long count) {
            if (channel.equals(to)) {
                // First subscription or renewed after a reconnect: what was announced meanwhile is lost.
                interrupted();
                listening = true;
            }
        }
    };
    private final RedisConnectionStateListener connectionState = new RedisConnectionStateListener() {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> disconnected) {
            // Not 'not listening': this event may come after the renewed subscription's. The pings tell that.
            interrupted();
        }
    };
    private final Object sending = new Object();
    private long sent;
    private final AtomicLong continuity = new AtomicLong();
    /** Each other node's last sequence number heard, and when (nanoTime), to forget nodes long silent. */
    private final ConcurrentMap<String, long[]> heard = new ConcurrentHashMap<>();
    private volatile boolean listening;
    /** This node's nanoTime when it sent the last ping it has heard back; 0 before any. */
    private volatile long pingSentNanos;
    private volatile long lastPruneNanos = System.nanoTime();
    private StatefulRedisPubSubConnection<String, String> connection;
    private Future<?> retry;
    private Future<?> pings;
    private boolean closed;
    private boolean warned;

    /**
     * Creates a feed and subscribes, waiting for the subscription at most about twice the command timeout.
     *
     * <p>{@code listener} runs on a Lettuce I/O thread, one message at a time: it must return quickly
     * and hand any real work to an executor.
     *
     * @param store the store whose client and key prefix the feed uses; it must outlive the feed
     * @param nodeId this node's id: announcements carrying it are not delivered back
     * @param listener receives the changes announced by every other node
     */
    public RedisChangeFeed(RedisStateStore store, String nodeId, Consumer<RemoteChange> listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        this.nodeId = nodeId;
        this.channel = store.settings().keyPrefix() + "changes";
        long waitMillis = 2 * store.settings().commandTimeout().toMillis();
        try {
            this.pings = store.connector().scheduler().scheduleWithFixedDelay(this::ping, 0, PING_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("The Redis store is closed", e);
        }
        try {
            subscribe().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not subscribed yet: the retries go on in the background.
        }
    }

    /** Returns the pub/sub channel of this feed. */
    public String channel() {
        return channel;
    }

    /** Returns this node's id. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Announces a committed change of {@code key} to the other nodes without waiting for Redis; a
     * notice that cannot be sent (Redis down) is logged at DEBUG and dropped.
     */
    public void publish(String key, long version, ChangeType type) {
        RemoteChange change = new RemoteChange(key, version, type, nodeId);
        send(store.commands(), seq -> ChangeMessage.encode(change, seq));
    }

    /**
     * Returns a number that stays the same while every other node's messages are being delivered here and
     * changes when some may have been lost (resubscribed, disconnected, a gap in a node's sequence), or -1
     * while this node's own pings do not come back within {@link #DELIVERY_DEADLINE} of their sending.
     */
    public long continuity() {
        long back = pingSentNanos;
        if (!listening || back == 0 || System.nanoTime() - back > DELIVERY_DEADLINE.toNanos()) {
            return -1;
        }
        return continuity.get();
    }

    /**
     * Skips a sequence number and pings at once: every other node sees the gap at the ping and drops its
     * near-cache copies, after this node's unannounced store writes (a heal's re-applies) are in Redis.
     */
    public void reportUnannouncedWrites() {
        synchronized (sending) {
            sent++;
        }
        ping();
    }

    private void ping() {
        try {
            // On the client's own thread, which a connect would block: only once the store is connected.
            RedisClusterAsyncCommands<String, String> commands = store.commandsIfOpen();
            if (commands == null) {
                return;
            }
            long now = System.nanoTime();
            send(commands, seq -> ChangeMessage.encodePing(nodeId, seq, now));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Change feed ping not sent: {0}", e.toString());
        }
    }

    /**
     * Numbers and sends a message without waiting for Redis. Numbered and handed to the connection under
     * one lock, so the numbers leave in order and a receiver's gap means a message was lost; a message that
     * cannot be sent (Redis down) still takes its number, which is how the others learn that it was lost.
     */
    private void send(RedisClusterAsyncCommands<String, String> commands, LongFunction<String> message) {
        synchronized (sending) {
            String text = message.apply(++sent);
            // Not awaited: the notice follows a change that is already committed and in the store, so
            // the committing call need not wait a round trip for it; one connection keeps the order.
            commands.publish(channel, text).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.DEBUG, "Change notice not published: {0}", failure.toString());
                }
            });
        }
    }

    private void interrupted() {
        continuity.incrementAndGet();
    }

    /** Returns whether the subscription is established (Lettuce renews it after a reconnect). */
    public synchronized boolean subscribed() {
        return connection != null && connection.isOpen();
    }

    /** Unsubscribes and closes the feed's connection; the store stays open. */
    @Override
    public void close() {
        StatefulRedisPubSubConnection<String, String> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listening = false;
            pings.cancel(false);
            if (retry != null) {
                retry.cancel(false);
            }
            open = connection;
            connection = null;
        }
        if (open != null) {
            open.close();
        }
    }

    private CompletableFuture<Void> subscribe() {
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> subscribed;
        try {
            subscribed = store.connector().connectPubSubAsync().thenCompose(c -> {
                c.addListener(adapter);
                if (c instanceof RedisChannelHandler<?, ?> handler) {
                    handler.addListener(connectionState);
                }
                return c.async().subscribe(channel).toCompletableFuture().handle((ok, error) -> {
                    if (error != null) {
                        c.closeAsync();
                        throw new CompletionException(error);
                    }
                    return c;
                });
            });
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        return subscribed.handle((c, error) -> {
            if (error != null) {
                failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                adopt(c);
            }
            return null;
        });
    }

    private void adopt(StatefulRedisPubSubConnection<String, String> subscribed) {
        synchronized (this) {
            if (!closed) {
                connection = subscribed;
                if (warned) {
                    LOG.log(Level.INFO, "SK0206 Change feed subscribed to {0} after all", channel);
                    warned = false;
                }
                return;
            }
        }
        subscribed.closeAsync();
    }

    private synchronized void failed(Throwable error) {
        if (closed) {
            return;
        }
        if (!warned) {
            LOG.log(Level.WARNING, "SK0205 Change feed cannot subscribe to {0} on Redis {1} yet ({2}); retrying every {3} s",
                    channel, store.settings().maskedUri(), error.toString(), RETRY_SECONDS);
            warned = true;
        }
        try {
            retry = store.connector().scheduler().schedule(() -> { subscribe(); }, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "Change feed stops retrying: the Redis client is shut down");
        }
    }

    private void deliver(String message) {
        if (!ChangeMessage.understands(message)) {
            LOG.log(Level.DEBUG, "Ignored a change message in a format this version does not know");
            return;
        }
        ChangeMessage.Notice notice;
        try {
            notice = ChangeMessage.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "SK0207 Ignored a malformed change message on {0}: {1}", channel, e.getMessage());
            return;
        }
        if (nodeId.equals(notice.node())) {
            if (notice.change() == null) {
                pingSentNanos = notice.pingNanos();
            }
            return;
        }
        if (notice.seq() > 0) {
            follow(notice.node(), notice.seq());
        }
        if (notice.change() == null) {
            return;
        }
        try {
            listener.accept(notice.change());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SK0208 Change listener failed for a change from node " + notice.node(), e);
        }
    }

    /**
     * Checks that {@code seq} follows the node's previous message. A node first heard after its first message
     * counts as a gap too: this node was subscribed, so what that node sent before may have been lost.
     */
    private void follow(String node, long seq) {
        long now = System.nanoTime();
        long[] previous = heard.put(node, new long[] {seq, now});
        if (previous == null ? seq != 1 : seq != previous[0] + 1) {
            interrupted();
        }
        if (now - lastPruneNanos > FORGET_SILENT_NANOS) {
            lastPruneNanos = now;
            // Each restart of a node is a new id: forget those long silent (a live node pings every 100 ms).
            heard.values().removeIf(h -> now - h[1] > FORGET_SILENT_NANOS);
        }
    }

    private static final long FORGET_SILENT_NANOS = TimeUnit.MINUTES.toNanos(10);
}
