package org.statekeeper.testing.support;

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
 * The Redis a test class runs against, as a JUnit 5 extension ({@code @RegisterExtension static final
 * TestRedis REDIS = new TestRedis();}): the one named by {@value #ENV}, or else a Redis server from the
 * embedded-redis artifact started once for the class on a free port. Tests take a key prefix of their
 * own ({@link #uniquePrefix()}), so a shared Redis is never disturbed. Needs lettuce-core and
 * embedded-redis on the test class path.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    /** The environment variable naming an external Redis, such as {@code redis://127.0.0.1:6379}. */
    public static final String ENV = "STATEKEEPER_TEST_REDIS_URI";

    private RedisServer server;
    private String uri;
    private RedisClient rawClient;
    private StatefulRedisConnection<String, String> rawConnection;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
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
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        // The extension is static, so one instance may serve several test classes: forget this class's clients.
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

    /**
     * Returns whether this class runs on an embedded server rather than the configured one.
     *
     * @return true when the extension started the server
     */
    public boolean embedded() {
        return server != null;
    }

    /**
     * Returns the server's URI.
     *
     * @return a {@code redis://} URI
     */
    public String uri() {
        return uri;
    }

    /**
     * Returns the server's URI naming its connections {@code clientName} (seen in {@code CLIENT LIST}).
     *
     * @param clientName the connection name, null for none
     * @return a {@code redis://} URI
     */
    public String uri(String clientName) {
        return clientName == null ? uri : uri + (uri.contains("?") ? "&" : "?") + "clientName=" + clientName;
    }

    /**
     * Returns plain Lettuce commands, for looking behind the store's back.
     *
     * @return synchronous commands on one connection, closed after the class
     */
    public synchronized RedisCommands<String, String> raw() {
        if (rawClient == null) {
            rawClient = RedisClient.create(uri);
            rawConnection = rawClient.connect();
        }
        return rawConnection.sync();
    }

    /**
     * Removes every key starting with {@code prefix}, with SCAN (a shared Redis is never blocked).
     *
     * @param prefix the key prefix, taken literally
     */
    public void removeAll(String prefix) {
        RedisCommands<String, String> raw = raw();
        String literal = prefix.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
        ScanIterator<String> keys = ScanIterator.scan(raw, ScanArgs.Builder.matches(literal + "*"));
        while (keys.hasNext()) {
            raw.unlink(keys.next());
        }
    }

    /**
     * Returns a key prefix no other test uses.
     *
     * @return {@code sktest:} and a random part, ending with a colon
     */
    public static String uniquePrefix() {
        return "sktest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /**
     * Returns a server without persistence, so a restart comes back empty, like a cache node without disk.
     *
     * @param port the port to listen on, on 127.0.0.1
     * @return the server, not started
     * @throws IOException when the binary cannot be prepared
     */
    public static RedisServer embedded(int port) throws IOException {
        return RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
    }

    /**
     * Returns a TCP port free at the time of the call.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
