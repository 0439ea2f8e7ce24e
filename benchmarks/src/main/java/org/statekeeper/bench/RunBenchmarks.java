package org.statekeeper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark with JMH (throughput and sample-time modes, GC profiler), then prints one
 * markdown table of ours/baseline ratios, also written to {@code target/benchmark-table.md}.
 *
 * <p>Arguments: {@code full} (the documented run) or {@code quick} (short iterations, for
 * development); optionally a regular expression choosing the groups to run ({@code get|set}).
 */
public final class RunBenchmarks {

    /** One JMH launch: a benchmark class at a thread count. */
    private record Group(String name, Class<?> benchmark, int threads, boolean singleShot) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("get-1", GetBenchmark.class, 1, false),
            new Group("get-8", GetBenchmark.class, 8, false),
            new Group("near-1", NearCacheBenchmark.class, 1, false),
            new Group("near-8", NearCacheBenchmark.class, 8, false),
            new Group("mix", MixBenchmark.class, 8, false),
            new Group("set", SetBenchmark.class, 1, false),
            new Group("batch", BatchSetBenchmark.class, 1, false),
            new Group("update", UpdateBenchmark.class, 8, false),
            new Group("rebuild", RebuildBenchmark.class, 1, true));

    private RunBenchmarks() {
    }

    /**
     * Runs the benchmarks and prints the table.
     *
     * @param args {@code full} or {@code quick}, then optionally a group filter
     * @throws RunnerException when JMH fails
     * @throws IOException when the table cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        String filter = args.length > 1 && !args[1].isBlank() ? args[1] : ".*";
        Instant started = Instant.now();
        Files.createDirectories(Path.of("target"));
        List<RunResult> results = new ArrayList<>();
        for (Group group : GROUPS) {
            if (group.name().matches(filter)) {
                results.addAll(new Runner(options(group, quick)).run());
            }
        }
        String table = Report.table(results);
        String took = "Run took " + (Instant.now().getEpochSecond() - started.getEpochSecond()) + " s ("
                + (quick ? "quick" : "full") + " settings), finished " + Instant.now() + ".";
        System.out.println();
        System.out.println(table);
        System.out.println(took);
        Files.writeString(Path.of("target", "benchmark-table.md"), table + "\n" + took + "\n");
    }

    private static org.openjdk.jmh.runner.options.Options options(Group group, boolean quick) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + group.benchmark().getName().replace(".", "\\.") + "\\.")
                .threads(group.threads())
                .forks(1)
                .shouldFailOnError(true)
                .addProfiler(GCProfiler.class)
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgs("-Xms1g", "-Xmx1g", "-Djava.util.logging.config.file=target/classes/bench-logging.properties")
                .result("target/jmh-" + group.name() + ".json")
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON);
        if (group.singleShot()) {
            return b.mode(Mode.SingleShotTime)
                    .warmupIterations(quick ? 1 : 2).measurementIterations(quick ? 2 : 4)
                    .build();
        }
        // The write paths run through Hibernate ORM, far more code than the hand-written side: on two
        // cores a short warm-up left the JIT compilers taking most of the CPU while we measured, which
        // measured the compilers, not the library (set read 0.67 after 6 s of warm-up, 1.05 after 40 s).
        return b.mode(Mode.Throughput).mode(Mode.SampleTime)
                .warmupIterations(quick ? 2 : 4).warmupTime(TimeValue.seconds(quick ? 5 : 8))
                .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(quick ? 2 : 5))
                .build();
    }
}
