package org.statekeeper.testing.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Runs a property over generated samples: first the generator's edge cases, then random samples from a
 * seeded {@link SplittableRandom}, at least the tries asked for. Prints one line a property (tries, seed,
 * how the samples fell); a failing sample fails the test with the seed that replays the run.
 * {@code -Dstatekeeper.fuzz.tries=N} raises the tries of every property of a run (never lowers them),
 * {@code -Dstatekeeper.fuzz.seed=S} replays a run.
 */
public final class Fuzz {

    /** The system property raising the number of tries of every property. */
    public static final String TRIES = "statekeeper.fuzz.tries";
    /** The system property fixing the seed of every property. */
    public static final String SEED = "statekeeper.fuzz.seed";
    /** At most this share of the tries goes to edge cases, so that random samples always get most of them. */
    private static final int EDGE_SHARE = 10;

    private Fuzz() {
    }

    /**
     * A property of one sample: checks it (assertions fail it) and names the case it fell into.
     *
     * @param <T> the type of the samples
     */
    @FunctionalInterface
    public interface Property<T> {

        /**
         * Checks {@code sample}.
         *
         * @param sample the sample
         * @return the case it fell into, counted in the report (e.g. {@code accepted}), or null to count nothing
         * @throws Exception any failure, which fails the property
         */
        String check(T sample) throws Exception;
    }

    /**
     * Checks {@code property} on at least {@code tries} samples of {@code gen}, the edge cases first, and prints
     * its report line; a sample that fails makes it throw an {@link AssertionError} naming the seed, the try and
     * the sample (odd characters escaped), caused by the failure.
     *
     * @param <T> the type of the samples
     * @param name the property's name in the report, e.g. {@code KeysFuzzTest.aKeyRoundTrips}
     * @param tries the fewest tries; {@code -Dstatekeeper.fuzz.tries} raises them
     * @param gen the samples
     * @param property the property
     */
    public static <T> void check(String name, int tries, Gen<T> gen, Property<T> property) {
        int runs = Math.max(tries, Integer.getInteger(TRIES, 0));
        String fixed = System.getProperty(SEED, "").trim();
        long seed = fixed.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(fixed);
        SplittableRandom random = new SplittableRandom(seed);
        List<T> edges = gen.edges().stream().limit(runs / EDGE_SHARE).toList();
        Map<String, Integer> cases = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            boolean edge = run <= edges.size();
            T sample = edge ? edges.get(run - 1) : gen.next(random);
            try {
                String outcome = property.check(sample);
                if (outcome != null) {
                    cases.merge(outcome, 1, Integer::sum);
                }
            } catch (Exception | AssertionError | StackOverflowError e) {
                throw new AssertionError("fuzz " + name + " failed at try " + run + " of " + runs
                        + (edge ? " (an edge case)" : "") + " | seed = " + seed + " (replay: -D" + SEED + "=" + seed
                        + ") | sample = " + describe(sample) + "\n" + e, e);
            }
        }
        System.out.println("fuzz " + name + ": tries = " + runs + " | checks = " + runs + " | seed = " + seed
                + (cases.isEmpty() ? "" : " | " + report(cases)));
    }

    /** A string whole, quoted and escaped; anything else by its own description, odd characters escaped. */
    private static String describe(Object sample) {
        if (sample instanceof String text) {
            return OddText.escape(text);
        }
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(sample).toCharArray()) {
            out.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static String report(Map<String, Integer> cases) {
        return cases.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(c -> c.getKey() + " " + c.getValue()).collect(Collectors.joining(", "));
    }
}
