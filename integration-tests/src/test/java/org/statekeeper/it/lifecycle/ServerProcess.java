package org.statekeeper.it.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real application server started as a child process, for tests that must restart it, kill it
 * or watch it refuse a deployment: Payara Micro or WildFly, whichever the failsafe execution names
 * in {@code arquillian.launch}. WARs are deployed under their file name as context root, or under
 * {@code /app} when there is one and the caller asks for it.
 */
abstract class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);

    ServerProcess(Process process, int port, Path logFile, String... readyMarkers) throws IOException {
        this.process = process;
        this.port = port;
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.append(line).append('\n');
                    log.println(line);
                    if (java.util.Arrays.stream(readyMarkers).anyMatch(line::contains)) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                log.close();
                ready.countDown();
            }
        }, "server-output-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts one WAR under {@code /app}, keeping the server's runtime (and its default H2 database) in {@code rootDir}. */
    static ServerProcess start(Path war, Path rootDir, Path logFile) throws Exception {
        return start(List.of(war), true, rootDir, logFile);
    }

    /** Starts every WAR in {@code wars} on the server this test run is for, and waits until it is ready. */
    static ServerProcess start(List<Path> wars, boolean underApp, Path rootDir, Path logFile) throws Exception {
        ServerProcess server = "wildfly".equals(System.getProperty("arquillian.launch"))
                ? WildFlyProcess.launch(wars, underApp, rootDir, logFile)
                : PayaraMicroProcess.launch(wars, underApp, rootDir, logFile);
        server.awaitReady(logFile);
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Path logFile) throws Exception {
        if (!ready.await(240, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("The server did not start in time; see " + logFile);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("The server exited with " + process.exitValue() + "; see " + logFile);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the server serves its health (and metrics) endpoints: its HTTP port, unless a subclass says otherwise. */
    String managementUrl() {
        return baseUrl();
    }

    String output() {
        return output.toString();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the server the way an operator does (SIGTERM to the JVM), letting it shut down cleanly. */
    void stop() throws InterruptedException {
        // A launcher script's JVM is its child: signal the JVM, not only the script. The children are listed
        // first: once the script has exited, its JVM is no longer its descendant, and must still be awaited
        // (a server still shutting down could write to Redis after stop() returned).
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        await(children);
    }

    /** Kills the server as a crash would (SIGKILL): no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await(children);
    }

    private static void await(List<ProcessHandle> children) {
        children.forEach(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
    }


    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive)) {
            kill();
        }
    }
}
