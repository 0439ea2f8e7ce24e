package org.statekeeper.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real {@code redis-server} processes (the operating system's binary, with TLS, Sentinel and Cluster)
 * started by a test class in a temporary directory and killed after it, as a JUnit 5 extension:
 * {@code @RegisterExtension static final LocalRedis REDIS = new LocalRedis();}. Readiness is awaited by
 * polling each server's log, never by sleeping. Annotate the class with {@link RequiresRedisServer} so that
 * it is reported as skipped, test by test and naming what to install, when the binary is missing (the
 * extension alone aborts the class too, but the reports then count no test). Ports come from {@value #PORTS_ENV} ({@code 17000-17999}) when set, else from the
 * operating system.
 */
public final class LocalRedis implements BeforeAllCallback, AfterAllCallback {

    /** The environment variable naming another {@code redis-server} binary. */
    public static final String SERVER_ENV = "STATEKEEPER_REDIS_SERVER";
    /** The environment variable giving the port range servers may use, such as {@code 17000-17999}. */
    public static final String PORTS_ENV = "STATEKEEPER_TEST_REDIS_PORTS";
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    /** A started server process, its port and its log. */
    public static final class Node {
        private final String name;
        private final int port;
        private final Process process;
        private final Path log;

        private Node(String name, int port, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
        }

        /** Returns the port it listens on (its TLS port for a TLS-only server). */
        public int port() {
            return port;
        }

        /** Returns the name it was started with. */
        public String name() {
            return name;
        }

        /** Returns whether the process still runs. */
        public boolean alive() {
            return process.isAlive();
        }

        /** Returns its log so far. */
        public String log() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
        public void kill() {
            process.destroyForcibly();
            waitFor();
        }

        /** Freezes the process (SIGSTOP), as a stalled machine would: it neither answers nor replicates. */
        public void pause() {
            signal("-STOP");
        }

        /** Lets a {@link #pause() paused} process run again (SIGCONT). */
        public void resume() {
            signal("-CONT");
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private void stop() {
            if (process.isAlive()) {
                resume(); // a paused process would not act on SIGTERM
            }
            process.destroy();
            if (!waitFor()) {
                process.destroyForcibly();
                waitFor();
            }
        }

        private boolean waitFor() {
            try {
                return process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private Path dir;

    /** Returns the binary used: {@value #SERVER_ENV} or {@code /usr/bin/redis-server}. */
    public static Path serverBinary() {
        String configured = System.getenv(SERVER_ENV);
        return Paths.get(configured == null || configured.isBlank() ? "/usr/bin/redis-server" : configured.trim());
    }

    /** Returns {@code redis-cli} next to the server binary. */
    public static Path cliBinary() {
        return serverBinary().resolveSibling("redis-cli");
    }

    /** Returns whether the binaries are there. */
    public static boolean installed() {
        return Files.isExecutable(serverBinary()) && Files.isExecutable(cliBinary());
    }

    /** Returns why a suite is skipped without the binaries, and what to install. */
    public static String missingReason() {
        return "Skipped: needs redis-server and redis-cli 7 with TLS at " + serverBinary().getParent()
                + " (Debian/Ubuntu: apt-get install redis-server; or set " + SERVER_ENV + ")";
    }

    /**
     * Returns an instance ready to start servers outside a JUnit class's lifecycle (such as in an Arquillian
     * {@code @Deployment} method, which runs before any {@code @BeforeAll}); its servers are killed by
     * {@link #close()}, and at the latest when the JVM exits.
     *
     * @return the instance
     * @throws IllegalStateException naming what to install when the binaries are missing
     */
    public static LocalRedis open() {
        if (!installed()) {
            throw new IllegalStateException(missingReason());
        }
        LocalRedis redis = new LocalRedis();
        try {
            redis.dir = Files.createTempDirectory("sk-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        return redis;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(installed(), LocalRedis::missingReason);
        dir = Files.createTempDirectory("sk-redis-");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops every server started here and removes the directory. */
    public synchronized void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        nodes.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory: left for the system to clean
            }
            dir = null;
        }
    }

    /**
     * Starts a Redis Cluster of {@code masters} masters without replicas ({@code redis-cli --cluster create}),
     * bus ports from the same range, and waits until every node serves every slot and knows every other.
     *
     * @param masters how many masters, at least 3
     * @return the masters
     */
    public List<Node> cluster(int masters) {
        List<Node> started = new ArrayList<>();
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        for (int i = 0; i < masters; i++) {
            Node node = server("cluster-" + i, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", String.valueOf(freePort()), "--cluster-node-timeout", "5000");
            started.add(node);
            create.add("127.0.0.1:" + node.port());
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        cli(create.toArray(String[]::new));
        await(READY_WITHIN, "the cluster formed", () -> started.stream().map(n -> cli("-p", String.valueOf(n.port()),
                "CLUSTER", "INFO")).allMatch(info -> info.contains("cluster_state:ok")
                && info.contains("cluster_known_nodes:" + masters) && info.contains("cluster_slots_ok:16384")));
        return started;
    }

    /** Returns the class's temporary directory, where servers keep their files. */
    public Path dir() {
        return dir;
    }

    /**
     * Starts {@code redis-server} with {@code arguments} (as on its command line: {@code --tls-port},
     * {@code --replicaof} …) on a port of its own without persistence, and waits until it accepts connections.
     *
     * @param name a name for its directory and log
     * @param arguments more configuration, each option and its values as separate strings
     * @return the running server on {@code 127.0.0.1:}{@link Node#port()}
     */
    public Node server(String name, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("--port", String.valueOf(port)));
        command.addAll(List.of(arguments));
        return start(name, port, null, command, "Ready to accept connections");
    }

    /**
     * Starts a TLS-only {@code redis-server} (plain port 0) with the given certificate files, waiting until it is ready.
     *
     * @param name a name for its directory and log
     * @param certificate the server's certificate (PEM)
     * @param key the server's private key (PEM, unencrypted)
     * @param ca the CA certificates clients' certificates are checked against (PEM)
     * @param authClients whether clients must present a certificate signed by {@code ca}
     * @param arguments more configuration
     * @return the running server; {@link Node#port()} is its TLS port
     */
    public Node tlsServer(String name, Path certificate, Path key, Path ca, boolean authClients, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("--port", "0", "--tls-port", String.valueOf(port),
                "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", authClients ? "yes" : "no"));
        command.addAll(List.of(arguments));
        return start(name, port, null, command, "Ready to accept connections");
    }

    /**
     * Starts a sentinel watching the master {@code masterName} at {@code masterPort}, quorum 2, taking a
     * master for down after one second.
     *
     * @param name a name for its directory and log
     * @param masterName the name clients ask the sentinels for
     * @param masterPort the master's port on 127.0.0.1
     * @return the running sentinel
     */
    public Node sentinel(String name, String masterName, int masterPort) {
        int port = freePort();
        String config = String.join("\n",
                "port " + port,
                "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 10000",
                "sentinel parallel-syncs " + masterName + " 1", "");
        return start(name, port, config, List.of("--sentinel"), "+monitor master");
    }

    /**
     * Runs {@code redis-cli} with {@code arguments} and returns its output.
     *
     * @param arguments its arguments, such as {@code -p 17001 SENTINEL FAILOVER m}
     * @return what it printed (standard output and error)
     * @throws AssertionError when it does not end within 60 s or exits with an error
     */
    public String cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of(cliBinary().toString(), "-h", "127.0.0.1"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("redis-cli " + arguments[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for {@code condition} by polling, failing after {@code within}.
     *
     * @param within the longest wait
     * @param what what is awaited, for the failure message
     * @param condition what must become true
     */
    public static void await(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still not so after " + within.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Returns a port free at the time of the call, from {@value #PORTS_ENV} when set.
     *
     * @return the port
     */
    public static int freePort() {
        String range = System.getenv(PORTS_ENV);
        if (range == null || range.isBlank()) {
            return TestRedis.freePort();
        }
        String[] bounds = range.trim().split("-");
        int low = Integer.parseInt(bounds[0].trim());
        int high = Integer.parseInt(bounds[1].trim());
        int start = ThreadLocalRandom.current().nextInt(low, high + 1);
        for (int i = 0; i <= high - low; i++) {
            int port = low + (start - low + i) % (high - low + 1);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("No free port in " + PORTS_ENV + "=" + range);
    }

    private synchronized Node start(String name, int port, String config, List<String> arguments, String readyLine) {
        try {
            Path home = Files.createDirectories(dir.resolve(name));
            Path log = home.resolve("redis.log");
            List<String> command = new ArrayList<>(List.of(serverBinary().toString()));
            if (config != null) {
                // Sentinels rewrite their configuration file, so it is theirs, not a temporary one.
                Path file = home.resolve("sentinel.conf");
                Files.writeString(file, config);
                command.add(file.toString());
            }
            command.addAll(List.of("--bind", "127.0.0.1", "--dir", home.toString(), "--logfile", log.toString(),
                    "--save", "", "--appendonly", "no"));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).directory(home.toFile())
                    .redirectOutput(home.resolve("stdout.txt").toFile()).redirectErrorStream(true).start();
            Node node = new Node(name, port, process, log);
            nodes.add(node);
            await(READY_WITHIN, name + " ready on port " + port, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server " + name + " exited: " + node.log() + readQuietly(home));
                }
                return node.log().contains(readyLine);
            });
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readQuietly(Path home) {
        try {
            return Files.readString(home.resolve("stdout.txt"));
        } catch (IOException e) {
            return "";
        }
    }
}
