package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.statekeeper.it.Deployments;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.testing.support.TcpProxy;

/**
 * Health and metrics (state-health) scraped from the server's own endpoints: Payara Micro's {@code /health/ready},
 * {@code /health/live} and {@code /metrics} on its HTTP port, WildFly's {@code /health/ready}, {@code /health/live}
 * (MicroProfile Health) and {@code /prometheus} (Micrometer's Prometheus registry) on its management port. The
 * application reaches Redis through a proxy the test cuts, with {@code state.health.store-required=true}. Metrics
 * are read as Prometheus text: the same series names on both servers.
 */
class HealthAndMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATION_COUNT = "statekeeper_operation_seconds_count";

    private static TcpProxy link;
    private static ServerProcess server;

    @BeforeAll
    static void startTheServer() throws Exception {
        URI redis = URI.create(TestRedisServer.sharedUri());
        link = TcpProxy.to(redis.getHost(), redis.getPort());
        String config = "state.redis.uri=redis://127.0.0.1:" + link.port() + "\nstate.redis.key-prefix=health-"
                + UUID.randomUUID().toString().substring(0, 8) + ":\nstate.redis.timeout=500ms\nstate.heal.interval=200ms\n"
                + "state.health.store-required=true\nstate.near-cache=on\n";
        java.io.File[] libraries = Stream.of(Deployments.libraries(), Deployments.healthLibraries())
                .flatMap(java.util.Arrays::stream).toArray(java.io.File[]::new);
        Path war = LifecycleWars.build("health", config, libraries);
        server = ServerProcess.start(war, LifecycleWars.newRootDir(), LifecycleWars.WORK.resolve("health.log"));
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (link != null) {
            link.close();
        }
    }

    @Test
    void readinessAndLivenessAreUpWithEveryStatekeeperCheckAndNameNoKey() throws Exception {
        assertEquals("1", server.post("/app/state?key=secret-key-name&value=v").body());
        HttpResponse<String> ready = awaitStatus("/health/ready", 200);
        assertTrue(ready.body().contains("statekeeper-store") && ready.body().contains("statekeeper-log"), ready.body());
        assertTrue(ready.body().contains("pendingKeys") && ready.body().contains("storeRequired"), ready.body());
        assertFalse(ready.body().contains("secret-key-name"), "a check names fields, never keys: " + ready.body());
        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("statekeeper-heal") && live.body().contains("lastHealEnded"), live.body());
    }

    @Test
    void aLostStoreMakesTheNodeNotReadyWhenRequiredAndReadyAgainOnceItIsBack() throws Exception {
        awaitStatus("/health/ready", 200);
        double failures = metric("statekeeper_store_failures_total", "kind=");
        link.cut();
        try {
            // The commit succeeds (the log is the truth); its apply fails, as does the next heal.
            assertEquals("1", server.post("/app/state?key=lost&value=v1").body());
            HttpResponse<String> down = awaitStatus("/health/ready", 503);
            assertTrue(down.body().contains("\"statekeeper-store\"") && down.body().contains("failingSince"), down.body());
            HttpResponse<String> live = get("/health/live");
            assertEquals(200, live.statusCode(), "a lost store is not a reason to restart the node: " + live.body());
        } finally {
            link.restore();
        }
        HttpResponse<String> up = awaitStatus("/health/ready", 200);
        assertFalse(up.body().contains("failingSince"), up.body());
        assertEquals("1:v1", server.get("/app/state?key=lost").body());
        assertTrue(metric("statekeeper_store_failures_total", "kind=") > failures, "the store's failures are counted");
    }

    @Test
    void theGetTimersCountMovesByExactlyTheGetsMade() throws Exception {
        assertEquals("1", server.post("/app/state?key=counted&value=v").body());
        double gets = metric(OPERATION_COUNT, "operation=\"get\"");
        double sets = metric(OPERATION_COUNT, "operation=\"set\"");
        for (int i = 0; i < 5; i++) {
            assertEquals("1:v", server.get("/app/state?key=counted").body());
        }
        assertEquals(gets + 5, metric(OPERATION_COUNT, "operation=\"get\""));
        assertEquals(sets, metric(OPERATION_COUNT, "operation=\"set\""), "reads are not writes");
        assertTrue(metric("statekeeper_operation_seconds_sum", "operation=\"get\"") > 0);
        assertTrue(scrape().contains("statekeeper_nearcache_hit_ratio"), "the near cache is on");
    }

    @Test
    void aConflictingCompareAndSetMovesTheConflictCounterByOne() throws Exception {
        assertEquals("1", server.post("/app/state?key=cas&value=v1").body());
        double conflicts = metric("statekeeper_cas_conflicts_total", "");
        double cas = metric(OPERATION_COUNT, "operation=\"compareAndSet\"");
        assertEquals("2", server.post("/app/state?key=cas&value=v2&expect=1").body());
        assertEquals(conflicts, metric("statekeeper_cas_conflicts_total", ""));
        assertEquals("conflict", server.post("/app/state?key=cas&value=v3&expect=1").body());
        assertEquals(conflicts + 1, metric("statekeeper_cas_conflicts_total", ""));
        assertEquals(cas + 2, metric(OPERATION_COUNT, "operation=\"compareAndSet\""));
    }

    /** Payara Micro serves MicroProfile Metrics on its HTTP port; WildFly Micrometer's Prometheus registry on its management port. */
    private static String scrape() throws Exception {
        String path = "wildfly".equals(System.getProperty("arquillian.launch")) ? "/prometheus" : "/metrics";
        HttpResponse<String> metrics = get(path);
        assertEquals(200, metrics.statusCode(), metrics.body());
        return metrics.body();
    }

    /** Returns the sum of the Prometheus series {@code name} whose labels contain {@code label}, 0 when there is none. */
    private static double metric(String name, String label) throws Exception {
        Matcher series = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\}\\s+(\\S+)").matcher(scrape());
        double sum = 0;
        while (series.find()) {
            if (series.group(1).contains(label)) {
                sum += Double.parseDouble(series.group(2));
            }
        }
        return sum;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.managementUrl() + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code path} until it answers {@code status}, and returns that answer. */
    private static HttpResponse<String> awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + WAIT + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }
}
