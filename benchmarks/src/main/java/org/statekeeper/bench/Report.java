package org.statekeeper.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Turns JMH's results into the one table of BENCHMARKS.md: ours against each baseline, as ratios. */
final class Report {

    /**
     * One row: which of our benchmarks against which baseline, at which thread count; when {@code param} is
     * set, the two sides are the runs whose JMH parameter of that name has {@code oursValue} and {@code baseValue}.
     */
    private record Row(String operation, String benchmark, String ours, String baseline, int threads, double floor,
            String param, String oursValue, String baseValue) {

        Row(String operation, String benchmark, String ours, String baseline, int threads, double floor) {
            this(operation, benchmark, ours, baseline, threads, floor, null, null, null);
        }

        /** A rebuild row: both sides at {@code keys} keys. */
        Row(String operation, String benchmark, String ours, String baseline, int threads, double floor, String keys) {
            this(operation, benchmark, ours, baseline, threads, floor, "keys", keys, keys);
        }
    }

    private static final String GET = GetBenchmark.class.getName();
    private static final String SET = SetBenchmark.class.getName();
    private static final String BATCH = BatchSetBenchmark.class.getName();
    private static final String UPDATE = UpdateBenchmark.class.getName();
    private static final String REBUILD = RebuildBenchmark.class.getName();
    private static final String NEAR = NearCacheBenchmark.class.getName();
    private static final String MIX = MixBenchmark.class.getName();

    private static final Row[] ROWS = {
        new Row("get (Redis store) vs Lettuce GET + JSON-B", GET, "ours", "lettuce", 1, 0.9),
        new Row("get (Redis store) vs Lettuce GET + JSON-B", GET, "ours", "lettuce", 8, 0.9),
        new Row("get vs Redisson RBucket.get (JSON-B codec)", GET, "ours", "redisson", 1, 1.0),
        new Row("get vs Redisson RBucket.get (JSON-B codec)", GET, "ours", "redisson", 8, 1.0),
        new Row("get, near-cache hit vs Lettuce GET + JSON-B", NEAR, "ours", "lettuce", 1, 20.0),
        new Row("get, near-cache hit vs Lettuce GET + JSON-B", NEAR, "ours", "lettuce", 8, 20.0),
        new Row("get, near-cache hit vs Redisson RLocalCachedMap.get (JSON-B codec)", NEAR, "ours", "redisson", 1, 1.0),
        new Row("get, near-cache hit vs Redisson RLocalCachedMap.get (JSON-B codec)", NEAR, "ours", "redisson", 8, 1.0),
        new Row("90 % get / 10 % set on 100 keys, near cache on vs off", MIX, "mix", "mix", 8, 1.0,
                "nearCache", "on", "off"),
        new Row("set, own transaction (PostgreSQL + Redis) vs JDBC + SET", SET, "ours", "jdbc", 1, 0.8),
        new Row("setAll of 1000 keys in one transaction vs JDBC batch + pipelined SET", BATCH, "oursSetAll", "jdbc", 1, 0.8),
        new Row("1000 separate set calls in one transaction vs the same JDBC batch", BATCH, "ours", "jdbc", 1, 0.8),
        new Row("update, 8 threads on 8 keys vs SELECT FOR UPDATE + SET", UPDATE, "ours", "jdbc", 8, 0.8),
        new Row("rebuild() of 100k keys vs JDBC scan + pipelined SET", REBUILD, "ours", "jdbc", 1, 0.8, "100000"),
        new Row("rebuild() of 1M keys vs JDBC scan + pipelined SET", REBUILD, "ours", "jdbc", 1, 0.8, "1000000"),
    };

    private Report() {
    }

    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| operation | threads | ours ops/s | baseline ops/s | ratio ours/baseline | floor | ours p50 / p99 |"
                + " baseline p50 / p99 | ours B/op | baseline B/op |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : ROWS) {
            boolean singleShot = row.benchmark().equals(REBUILD);
            Mode rate = singleShot ? Mode.SingleShotTime : Mode.Throughput;
            Optional<RunResult> ours = find(results, row.benchmark() + "." + row.ours(), row.threads(), rate, row.param(),
                    row.oursValue());
            Optional<RunResult> base = find(results, row.benchmark() + "." + row.baseline(), row.threads(), rate,
                    row.param(), row.baseValue());
            if (ours.isEmpty() || base.isEmpty()) {
                continue;
            }
            double oursRate = opsPerSecond(ours.get(), singleShot);
            double baseRate = opsPerSecond(base.get(), singleShot);
            double ratio = oursRate / baseRate;
            out.append("| ").append(row.operation()).append(" | ").append(row.threads())
                    .append(" | ").append(rate(oursRate, singleShot))
                    .append(" | ").append(rate(baseRate, singleShot))
                    .append(" | **").append(String.format(Locale.ROOT, "%.2f", ratio)).append("** ")
                    .append(ratio >= row.floor() ? "✓" : "✗")
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", row.floor()))
                    .append(" | ").append(latency(results, row.benchmark() + "." + row.ours(), row.threads(), row.param(),
                            row.oursValue()))
                    .append(" | ").append(latency(results, row.benchmark() + "." + row.baseline(), row.threads(),
                            row.param(), row.baseValue()))
                    .append(" | ").append(bytes(ours.get(), singleShot))
                    .append(" | ").append(bytes(base.get(), singleShot))
                    .append(" |\n");
        }
        out.append("\nRebuild row: keys/s instead of ops/s and bytes per key; one rebuild is one timed operation"
                + " (JMH single-shot), so no percentiles. 1000-key rows: one operation is the whole transaction.\n");
        return out.toString();
    }

    private static Optional<RunResult> find(Collection<RunResult> results, String benchmark, int threads, Mode mode,
            String param, String value) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().equals(benchmark) && r.getParams().getThreads() == threads
                        && r.getParams().getMode() == mode
                        && (param == null || value.equals(r.getParams().getParam(param))))
                .findFirst();
    }

    /** Throughput in ops/s; for a single-shot rebuild, keys per second. */
    private static double opsPerSecond(RunResult result, boolean singleShot) {
        double score = result.getPrimaryResult().getScore();
        if (singleShot) {
            String keys = result.getParams().getParam("keys");
            return Long.parseLong(keys) / score;
        }
        return score;
    }

    private static String rate(double value, boolean singleShot) {
        String formatted = value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        return singleShot ? formatted + " keys/s" : formatted;
    }

    private static String latency(Collection<RunResult> results, String benchmark, int threads, String param,
            String value) {
        Optional<RunResult> sampled = find(results, benchmark, threads, Mode.SampleTime, param, value);
        if (sampled.isEmpty()) {
            return "—";
        }
        var stats = sampled.get().getPrimaryResult().getStatistics();
        return duration(stats.getPercentile(50)) + " / " + duration(stats.getPercentile(99));
    }

    /** Formats seconds as µs or ms. */
    private static String duration(double seconds) {
        double micros = seconds * 1e6;
        if (micros < 10) {
            return String.format(Locale.ROOT, "%.2f µs", micros);
        }
        return micros < 1000 ? String.format(Locale.ROOT, "%.0f µs", micros) : String.format(Locale.ROOT, "%.1f ms", micros / 1000);
    }

    private static String bytes(RunResult result, boolean singleShot) {
        Result<?> norm = result.getSecondaryResults().entrySet().stream()
                .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                .map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
        if (norm == null) {
            return "—";
        }
        double perOp = norm.getScore();
        if (singleShot) {
            perOp /= Long.parseLong(result.getParams().getParam("keys"));
        }
        return String.format(Locale.ROOT, "%,.0f", perOp);
    }
}
