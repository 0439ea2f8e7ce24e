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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Payara Micro JVM started as a child process, for tests that must restart (or kill) the
 * server: Arquillian's adapter gives one server per deployment and no restart.
 */
final class PayaraMicroProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);

    private PayaraMicroProcess(Process process, int port, Path logFile) throws IOException {
        this.process = process;
        this.port = port;
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.append(line).append('\n');
                    log.println(line);
                    if (line.contains("ready in")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                log.close();
                ready.countDown();
            }
        }, "payara-output-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts Payara Micro deploying {@code war} under context root {@code /app}, keeping its runtime
     * (and so the default H2 database) in {@code rootDir}, and waits until it reports ready.
     */
    static PayaraMicroProcess start(Path war, Path rootDir, Path logFile) throws Exception {
        return start(List.of(war), true, rootDir, logFile);
    }

    /**
     * Starts Payara Micro deploying every WAR in {@code wars} (under its file name as context root,
     * or under {@code /app} when there is one and {@code underApp}), and waits until it reports ready.
     */
    static PayaraMicroProcess start(List<Path> wars, boolean underApp, Path rootDir, Path logFile) throws Exception {
        String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar, "--nocluster", "--port", String.valueOf(port), "--rootdir", rootDir.toString()));
        for (Path war : wars) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        if (underApp && wars.size() == 1) {
            command.addAll(List.of("--contextroot", "app"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        PayaraMicroProcess micro = new PayaraMicroProcess(process, port, logFile);
        if (!micro.ready.await(240, TimeUnit.SECONDS)) {
            micro.close();
            throw new IllegalStateException("Payara Micro did not start in time; see " + logFile);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + logFile);
        }
        return micro;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String output() {
        return output.toString();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the server the way an operator does (SIGTERM), letting it shut down cleanly. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Kills the server as a crash would (SIGKILL): no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
