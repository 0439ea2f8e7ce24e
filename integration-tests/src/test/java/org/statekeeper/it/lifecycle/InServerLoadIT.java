package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.statekeeper.it.Deployments;
import org.statekeeper.it.Item;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.it.load.LoadApplication;
import org.statekeeper.it.load.LoadResource;
import org.statekeeper.it.load.RawSide;
import org.statekeeper.testing.support.RequiresDatabase;
import org.statekeeper.testing.support.TestDatabase;

/**
 * The in-server load driver of BENCHMARKS.md, not a test: one Payara Micro process serves a JAX-RS
 * resource that does {@code get}, {@code set} and {@code update} through {@code @Inject StateManager}
 * (near cache on, PostgreSQL log, Redis store) and the same work by hand (JDBC in the container's JTA
 * transaction, Lettuce after commit); 8 client threads drive each side in turn over HTTP, and the table
 * of requests per second and latencies, ours over by hand, is printed and written to
 * {@code target/load-table.md}. Run only with {@code -Dstatekeeper.load=true}; asserts only that every
 * request succeeded.
 */
@EnabledIfSystemProperty(named = "statekeeper.load", matches = "true")
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
class InServerLoadIT {

    private static final int THREADS = 8;
    private static final int KEYS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("statekeeper.load.warmup", 20));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("statekeeper.load.seconds", 10));

    private record Result(double perSecond, long p50Micros, long p99Micros, int errors) {
    }

    private record Op(String name, String method, String path, double floor) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void drivesBothSidesAndReportsTheRatios() throws Exception {
        try (TestDatabase database = TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), "sk_load")
                .withShippedSchema()) {
            try (Connection c = DriverManager.getConnection(database.url()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_head (k VARCHAR(512) PRIMARY KEY, version BIGINT NOT NULL, json TEXT NOT NULL)");
                s.execute("CREATE TABLE raw_event (seq BIGSERIAL PRIMARY KEY, k VARCHAR(512) NOT NULL,"
                        + " version BIGINT NOT NULL, json TEXT NOT NULL, at TIMESTAMP NOT NULL)");
            }
            String config = "state.redis.uri=" + TestRedisServer.sharedUri() + "\nstate.redis.key-prefix=load-"
                    + System.nanoTime() + ":\nstate.near-cache=on\n";
            Path war = LifecycleWars.WORK.resolve("load.war");
            Files.createDirectories(LifecycleWars.WORK);
            Deployments.applicationUnitWar("load", config, "org.postgresql.ds.PGSimpleDataSource", database.url(), false)
                    .addClasses(LoadApplication.class, LoadResource.class, RawSide.class, Item.class)
                    .as(ZipExporter.class).exportTo(war.toFile(), true);
            try (ServerProcess server = ServerProcess.start(war.toAbsolutePath(), LifecycleWars.newRootDir(),
                    LifecycleWars.WORK.resolve("load.log"))) {
                String base = server.baseUrl() + "/app/api/load/";
                for (int i = 0; i < KEYS; i++) {
                    for (String side : List.of("sk", "raw")) {
                        assertEquals(200, send(base + side + "/k" + i, "PUT").statusCode());
                    }
                }
                List<Op> ops = List.of(new Op("get", "GET", "/k%d", 1.0), new Op("set", "PUT", "/k%d", 0.8),
                        new Op("update", "POST", "/k%d/inc", 0.8));
                StringBuilder table = new StringBuilder("| operation | threads | ours req/s | by hand req/s | ratio |"
                        + " floor | ours p50 / p99 | by hand p50 / p99 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
                int errors = 0;
                String only = System.getProperty("statekeeper.load.ops", "get|set|update");
                for (Op op : ops) {
                    if (!op.name().matches(only)) {
                        continue;
                    }
                    run(base + "sk", op, WARM_UP);
                    run(base + "raw", op, WARM_UP);
                    Result ours = run(base + "sk", op, MEASURE);
                    Result hand = run(base + "raw", op, MEASURE);
                    errors += ours.errors() + hand.errors();
                    double ratio = ours.perSecond() / hand.perSecond();
                    table.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | **%.2f** %s | %.1f | %s | %s |%n",
                            op.name(), THREADS, ours.perSecond(), hand.perSecond(), ratio, ratio >= op.floor() ? "✓" : "✗",
                            op.floor(), latency(ours), latency(hand)));
                }
                String stats = send(base + "stats", "GET").body();
                String report = table + "\nOur near cache: " + stats + "\nPayara Micro " + System.getProperty("payara-micro.version", "")
                        + ", near cache on, " + THREADS + " client threads, warm-up " + WARM_UP.toSeconds() + " s and "
                        + MEASURE.toSeconds() + " s measured per side and operation, finished " + Instant.now() + ".\n";
                System.out.println(report);
                Files.writeString(Path.of("target", "load-table.md"), report);
                server.stop(); // as an operator does: a flight recording asked for with dumponexit is written
                assertEquals(0, errors, "every request succeeded");
            }
        }
    }

    private static String latency(Result r) {
        return micros(r.p50Micros()) + " / " + micros(r.p99Micros());
    }

    private static String micros(long micros) {
        return micros < 1000 ? micros + " µs" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    /** Drives {@code op} against one side with {@link #THREADS} threads for {@code duration}. */
    private static Result run(String side, Op op, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long[] samples = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    // update: each thread its own key, as an application's counters; get, set: any key
                    int key = op.name().equals("update") ? thread : ThreadLocalRandom.current().nextInt(KEYS);
                    long started = System.nanoTime();
                    HttpResponse<String> response = send(side + String.format(op.path(), key), op.method());
                    long took = System.nanoTime() - started;
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = took;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : futures) {
            long[] part = f.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        pool.shutdown();
        Arrays.sort(all);
        return new Result(all.length / (duration.toNanos() / 1e9), all[all.length / 2] / 1000,
                all[(int) (all.length * 0.99)] / 1000, errors.get());
    }

    private static HttpResponse<String> send(String url, String method) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = switch (method) {
            case "PUT" -> request.PUT(HttpRequest.BodyPublishers.ofString(
                    String.valueOf(ThreadLocalRandom.current().nextInt(1000))));
            case "POST" -> request.POST(HttpRequest.BodyPublishers.noBody());
            default -> request.GET();
        };
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
