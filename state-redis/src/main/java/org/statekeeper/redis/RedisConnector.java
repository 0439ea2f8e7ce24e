package org.statekeeper.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the one Lettuce client (and its threads) of a store and opens its connections.
 */
final class RedisConnector implements AutoCloseable {

    // Short enough that a restarted Redis is used again within seconds, long enough not to spin.
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS);
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final RedisSettings settings;
    private final List<RedisURI> uris;
    private final ClientResources resources;
    private final RedisClient standalone;
    private final RedisClusterClient cluster;

    RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.uris = settings.redisUris();
        this.resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(settings.commandTimeout())
                .keepAlive(true)
                .build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        if (settings.clientType() == RedisSettings.ClientType.CLUSTER) {
            this.standalone = null;
            this.cluster = RedisClusterClient.create(resources, uris);
            ClusterClientOptions.Builder options = ClusterClientOptions.builder();
            if (settings.tls().configured()) {
                options.sslOptions(settings.tls().sslOptions());
            }
            cluster.setOptions(options
                    .autoReconnect(true)
                    // Fail fast while disconnected: the engine falls back to the log instead of waiting on a queue.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
        } else {
            this.cluster = null;
            this.standalone = RedisClient.create(resources, uris.get(0));
            ClientOptions.Builder options = ClientOptions.builder();
            if (settings.tls().configured()) {
                options.sslOptions(settings.tls().sslOptions());
            }
            standalone.setOptions(options
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .build());
        }
    }

    RedisSettings settings() {
        return settings;
    }

    /** Opens a command connection, blocking at most about the connect timeout. */
    StatefulConnection<String, String> connect() {
        return cluster != null ? cluster.connect(StringCodec.UTF8) : standalone.connect(StringCodec.UTF8);
    }

    /** Opens a pub/sub connection without blocking. */
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSubAsync() {
        if (cluster != null) {
            // The asynchronous connect needs a known topology; nothing may have loaded it yet.
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectPubSubAsync(StringCodec.UTF8))
                    .thenApply(c -> (StatefulRedisPubSubConnection<String, String>) c);
        }
        return standalone.connectPubSubAsync(StringCodec.UTF8, uris.get(0)).toCompletableFuture();
    }

    /** Returns the client's scheduler, so retries need no thread of their own. */
    EventExecutorGroup scheduler() {
        return resources.eventExecutorGroup();
    }

    static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        if (connection instanceof StatefulRedisClusterConnection<String, String> c) {
            return c.async();
        }
        return ((StatefulRedisConnection<String, String>) connection).async();
    }

    /** Closes every connection and stops every thread of the client. */
    @Override
    public void close() {
        AbstractRedisClient client = cluster != null ? cluster : standalone;
        try {
            client.shutdown(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } finally {
            // The resources are ours, not the client's, because we chose their reconnect delay.
            resources.shutdown(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        }
    }
}
