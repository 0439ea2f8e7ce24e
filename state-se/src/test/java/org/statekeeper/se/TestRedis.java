package org.statekeeper.se;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * The Redis a test class runs against: the one named by {@code STATEKEEPER_TEST_REDIS_URI}, or else
 * a Redis server from the embedded-redis artifact started once for the class on a free port. Every
 * test gets its own key prefix, so a shared Redis is never disturbed, and the prefix is removed after.
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
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            uri = "redis://127.0.0.1:" + port;
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        // The extension is static, so one instance serves several test classes: forget this class's clients.
        if (rawClient != null) {
            rawConnection.close();
            rawClient.shutdown();
            rawClient = null;
            rawConnection = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Returns settings with a key prefix of their own; the URI names the connections {@code clientName}, when given. */
    String uri(String clientName) {
        return clientName == null ? uri : uri + (uri.contains("?") ? "&" : "?") + "clientName=" + clientName;
    }

    /** Returns plain Lettuce commands, for looking behind the store's back. */
    synchronized RedisCommands<String, String> raw() {
        if (rawClient == null) {
            rawClient = RedisClient.create(uri);
            rawConnection = rawClient.connect();
        }
        return rawConnection.sync();
    }

    /** Removes every key starting with {@code prefix}. */
    void removeAll(String prefix) {
        RedisCommands<String, String> raw = raw();
        // SCAN, not KEYS: a shared Redis must not be blocked while its whole keyspace is listed.
        ScanIterator<String> keys = ScanIterator.scan(raw, ScanArgs.Builder.matches(prefix.replace("*", "\\*") + "*"));
        while (keys.hasNext()) {
            raw.unlink(keys.next());
        }
    }

    static String uniquePrefix() {
        return "sktest:se:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
