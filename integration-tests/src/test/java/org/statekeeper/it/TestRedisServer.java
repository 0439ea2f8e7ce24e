package org.statekeeper.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A Redis server that a test owns, from the embedded-redis artifact's binary, on a free port and
 * without persistence (a restart comes back empty, like a cache node without disk). Tests that stop
 * or flush Redis use one of these, never a Redis someone else uses.
 */
public final class TestRedisServer implements AutoCloseable {

    private final int port;
    private final RedisServer server;

    private TestRedisServer(int port) throws IOException {
        this(port, RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .build());
    }

    private TestRedisServer(int port, RedisServer server) {
        this.port = port;
        this.server = server;
    }

    /**
     * Starts a new server on a free port that keeps an RDB snapshot in {@code dir}, written only when a
     * test sends SAVE, and loaded again by {@link #restart()}: Redis's default persistence, under test control.
     */
    public static TestRedisServer startWithSnapshots(java.nio.file.Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestRedisServer redis = new TestRedisServer(port, RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("dir " + dir.toAbsolutePath()).setting("dbfilename dump.rdb")
                .setting("save \"\"").setting("appendonly no").build());
        redis.server.start();
        return redis;
    }

    /** Starts a new server on a free port. */
    public static TestRedisServer start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestRedisServer redis = new TestRedisServer(port);
        redis.server.start();
        return redis;
    }

    /**
     * Returns the URI of the Redis the suites share: {@code STATEKEEPER_TEST_REDIS_URI} when set, else
     * a server of this class started once for the JVM.
     */
    public static synchronized String sharedUri() {
        String configured = System.getenv("STATEKEEPER_TEST_REDIS_URI");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared.uri();
    }

    private static TestRedisServer shared;

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Returns the port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** Stops the server, as a crash or a restart of Redis would. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server again on the same port: empty, or from its last snapshot if it keeps them. */
    public void restart() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            // already gone
        }
    }
}
