package org.statekeeper.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final RedisPubSubAdapter<String, String> adapter = new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
            if (channel.equals(from)) {
                deliver(message);
            }
        }
    };
    private StatefulRedisPubSubConnection<String, String> connection;
    private Future<?> retry;
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
        String message = ChangeMessage.encode(new RemoteChange(key, version, type, nodeId));
        // Not awaited: the notice follows a change that is already committed and in the store, so
        // the committing call need not wait a round trip for it; one connection keeps the order.
        store.commands().publish(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "Change notice not published: {0}", failure.toString());
            }
        });
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
                    LOG.log(Level.INFO, "Change feed subscribed to {0} after all", channel);
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
            LOG.log(Level.WARNING, "Change feed cannot subscribe to {0} on Redis {1} yet ({2}); retrying every {3} s",
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
        RemoteChange change;
        try {
            change = ChangeMessage.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Ignored a malformed change message on {0}: {1}", channel, e.getMessage());
            return;
        }
        if (nodeId.equals(change.nodeId())) {
            return;
        }
        try {
            listener.accept(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Change listener failed for a change from node " + change.nodeId(), e);
        }
    }
}
