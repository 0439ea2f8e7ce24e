package org.statekeeper.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * The Redis a test class runs against: the one named by {@code STATEKEEPER_TEST_REDIS_URI}, or else
 * a Redis server from the embedded-redis artifact started once for the class on a free port.
 */
final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    static final String ENV = "STATEKEEPER_TEST_REDIS_URI";

    private RedisServer server;
    private String uri;
    private RedisClient rawClient;
    private StatefulRedisConnection<String, String> rawConnection;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            uri = configured.trim();
        } else {
            int port = freePort();
            server = embedded(port);
            server.start();
            uri = "redis://127.0.0.1:" + port;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (rawClient != null) {
            rawConnection.close();
            rawClient.shutdown();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** Returns whether this class runs on an embedded server rather than the configured one. */
    boolean embedded() {
        return server != null;
    }

    String uri() {
        return uri;
    }

    /** Returns settings with a key prefix no other test uses, so a shared Redis is never disturbed. */
    RedisSettings settings() {
        // Generous: a loaded CI machine must not turn a slow reply into a failed test.
        return new RedisSettings(uri, null, Duration.ofSeconds(5), uniquePrefix());
    }

    /** Returns plain Lettuce commands, for looking behind the store's back. */
    synchronized RedisCommands<String, String> raw() {
        if (rawClient == null) {
            rawClient = RedisClient.create(uri);
            rawConnection = rawClient.connect();
        }
        return rawConnection.sync();
    }

    static String uniquePrefix() {
        return "sktest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Returns a server without persistence, so a restart comes back empty, like a cache node without disk. */
    static RedisServer embedded(int port) throws IOException {
        return RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
