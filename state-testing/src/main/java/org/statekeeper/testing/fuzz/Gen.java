package org.statekeeper.testing.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A generator of samples for {@link Fuzz#check}: draws one sample from a random source, and may name edge
 * cases (bounds, empty values) that {@link Fuzz#check} tries before the random ones.
 *
 * @param <T> the type of the samples
 */
@FunctionalInterface
public interface Gen<T> {

    /**
     * Draws one sample.
     *
     * @param random the source of randomness, the only one a generator may use so that a seed replays a run
     * @return the sample
     */
    T next(SplittableRandom random);

    /**
     * Returns the edge cases of this generator, tried before the random samples; none unless declared.
     *
     * @return the edge cases
     */
    default List<T> edges() {
        return List.of();
    }

    /**
     * Returns this generator with {@code edges} as its edge cases.
     *
     * @param edges the edge cases
     * @return the generator
     */
    default Gen<T> withEdges(List<T> edges) {
        Gen<T> self = this;
        List<T> copy = new ArrayList<>(edges);
        return new Gen<>() {
            @Override
            public T next(SplittableRandom random) {
                return self.next(random);
            }

            @Override
            public List<T> edges() {
                return copy;
            }
        };
    }

    /**
     * Returns a generator of {@code f} applied to this one's samples (and edge cases).
     *
     * @param <R> the new sample type
     * @param f the mapping
     * @return the generator
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Gen<R> mapped = random -> f.apply(next(random));
        return mapped.withEdges(edges().stream().<R>map(f).toList());
    }

    /**
     * Returns a generator that draws a sample of this one and then one of the generator it chooses; the edge
     * cases are the first edge case of each chosen generator.
     *
     * @param <R> the new sample type
     * @param f chooses the generator from a sample
     * @return the generator
     */
    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        Gen<R> flat = random -> f.apply(next(random)).next(random);
        return flat.withEdges(edges().stream().map(f).flatMap(g -> g.edges().stream().limit(1)).toList());
    }

    /**
     * Returns a generator of lists of {@code min} to {@code max} samples of this one; the empty list is an edge
     * case when {@code min} is 0.
     *
     * @param min the fewest elements
     * @param max the most elements
     * @return the generator
     */
    default Gen<List<T>> list(int min, int max) {
        Gen<List<T>> lists = random -> {
            int size = random.nextInt(min, max + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
        return min == 0 ? lists.withEdges(List.of(List.of())) : lists;
    }

    /**
     * Returns a generator of sets of {@code min} to {@code max} distinct samples of this one (fewer when this
     * one cannot give that many distinct samples in a few draws).
     *
     * @param min the fewest elements wanted
     * @param max the most elements
     * @return the generator
     */
    default Gen<Set<T>> set(int min, int max) {
        return random -> {
            int size = random.nextInt(min, max + 1);
            Set<T> set = new LinkedHashSet<>();
            for (int draws = 0; set.size() < size && draws < 10 * size; draws++) {
                set.add(next(random));
            }
            return set;
        };
    }

    /**
     * Returns integers in [{@code min}, {@code max}], with both bounds (and zero, within them) as edge cases.
     *
     * @param min the least
     * @param max the greatest
     * @return the generator
     */
    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * Returns longs in [{@code min}, {@code max}], with both bounds (and zero, within them) as edge cases.
     *
     * @param min the least
     * @param max the greatest
     * @return the generator
     */
    static Gen<Long> longs(long min, long max) {
        Gen<Long> longs = random -> {
            long span = max - min;
            if (span >= 0 && span < Long.MAX_VALUE) {
                return min + random.nextLong(span + 1);
            }
            // The range is half of all longs or more: a few draws at most.
            long value;
            do {
                value = random.nextLong();
            } while (value < min || value > max);
            return value;
        };
        List<Long> edges = new ArrayList<>(List.of(min, max));
        if (min < 0 && max > 0) {
            edges.add(0L);
        }
        return longs.withEdges(edges.stream().distinct().toList());
    }

    /**
     * Returns one of {@code values} (null allowed), each equally often, the first and last as edge cases.
     *
     * @param <T> the type
     * @param values the values
     * @return the generator
     */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> list = Arrays.asList(values.clone());
        Gen<T> of = random -> list.get(random.nextInt(list.size()));
        return of.withEdges(list.size() == 1 ? list : Arrays.asList(list.get(0), list.get(list.size() - 1)));
    }

    /**
     * Returns a sample of one of {@code gens}, each equally often; the edge cases are theirs.
     *
     * @param <T> the type
     * @param gens the generators
     * @return the generator
     */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        Weighted<?>[] weighted = Arrays.stream(gens).map(g -> new Weighted<T>(1, g)).toArray(Weighted[]::new);
        @SuppressWarnings("unchecked")
        Weighted<T>[] typed = (Weighted<T>[]) weighted;
        return frequency(typed);
    }

    /**
     * Returns a sample of one of the weighted generators, chosen in proportion to its weight; the edge
     * cases are theirs.
     *
     * @param <T> the type
     * @param choices the weighted generators
     * @return the generator
     */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... choices) {
        List<Weighted<T>> list = List.of(choices);
        int total = list.stream().mapToInt(Weighted::weight).sum();
        Gen<T> frequency = random -> {
            int pick = random.nextInt(total);
            for (Weighted<T> choice : list) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("weights changed");
        };
        return frequency.withEdges(list.stream().<T>flatMap(c -> c.gen().edges().stream()).toList());
    }

    /**
     * Returns strings of exactly {@code length} UTF-16 code units, made of {@code codePoints} (surrogate code
     * points give lone surrogates); a pair cut by the length leaves a lone high surrogate at the end.
     *
     * @param codePoints the code points
     * @param length the length in code units
     * @return the generator
     */
    static Gen<String> text(Gen<Integer> codePoints, int length) {
        return random -> {
            StringBuilder text = new StringBuilder(length + 1);
            while (text.length() < length) {
                text.appendCodePoint(codePoints.next(random));
            }
            return text.substring(0, length);
        };
    }

    /**
     * Returns trees: a random depth from 0 to {@code maxDepth}, at depth 0 a {@code leaf}, deeper a
     * {@code branch} whose children are trees one level less deep.
     *
     * @param <T> the type of the trees
     * @param leaf the generator at depth 0
     * @param branch makes the generator of a level from that of the level below
     * @param maxDepth the deepest level
     * @return the generator
     */
    static <T> Gen<T> recursive(Gen<T> leaf, UnaryOperator<Gen<T>> branch, int maxDepth) {
        List<Gen<T>> levels = new ArrayList<>(List.of(leaf));
        for (int depth = 1; depth <= maxDepth; depth++) {
            levels.add(branch.apply(levels.get(depth - 1)));
        }
        return random -> levels.get(random.nextInt(levels.size())).next(random);
    }

    /**
     * A generator with its weight in {@link #frequency}.
     *
     * @param <T> the type of the samples
     * @param weight how often, relative to the others
     * @param gen the generator
     */
    record Weighted<T>(int weight, Gen<? extends T> gen) {

        /**
         * Checks the weight is positive.
         *
         * @param weight how often
         * @param gen the generator
         */
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight " + weight + " is not positive");
            }
        }
    }
}
