package org.statekeeper.jpa.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.statekeeper.StateManager;
import org.statekeeper.StateSerializationException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.testing.fuzz.OddText;

/**
 * Fuzzes values through the engine into the real JPA log: JSON trees deep and wide, strings of every odd
 * character, numbers beyond any primitive, nulls inside collections, records and generic types holding
 * NaN and infinite doubles, values sized at and around the size limit, and objects JSON-B cannot encode.
 * An accepted value reads back equal, as the type it was written as; a rejected one fails with
 * {@link ValueTooLargeException} or {@link StateSerializationException} and the log holds no row at all.
 */
class ValuesFuzzTest extends OnTheJpaLog {

    /** A record with every kind of member JSON-B maps, nesting itself. */
    public record Item(String name, long count, double ratio, BigDecimal amount, List<String> tags,
            Map<String, Integer> counts, Item child) {
    }

    /**
     * A generated value with a short description: jqwik's report of a failing sample walks the value
     * recursively and would itself overflow the stack on a deep one.
     */
    record Sample(String description, Object value) {
        static Sample of(Object value) {
            String json;
            try {
                json = ORACLE.toJson(value);
            } catch (RuntimeException | StackOverflowError e) {
                json = "(not encodable: " + e.getClass().getSimpleName() + ")";
            }
            return new Sample(json.length() > 300 ? json.substring(0, 300) + "… (" + json.length() + " chars)" : json,
                    value);
        }

        @Override
        public String toString() {
            return OddText.escape(description);
        }
    }

    private static final String KEY = "fuzz:value";
    private static final Type LIST_OF_ITEMS = parameterized(List.class, Item.class);
    private static final Type MAP_OF_LISTS = parameterized(Map.class, String.class, LIST_OF_ITEMS);
    private final Clock clock = Clock.systemUTC();

    private StateManager engine(int maxValueBytes) {
        return fuzz.engine(new Limits(Limits.DEFAULTS.maxKeyLength(), maxValueBytes), clock);
    }

    @Property(tries = 1000)
    void aJsonTreeReadsBackEqualOrIsRejectedByNameWithNothingWritten(@ForAll("trees") Sample tree,
            @ForAll("limits") int maxValueBytes) {
        writeThenRead(engine(maxValueBytes), maxValueBytes, tree.value(), Object.class);
    }

    @Property(tries = 1000)
    void aRecordOrGenericValueReadsBackEqualOrIsRejectedByName(@ForAll("typed") Tuple.Tuple2<Object, Type> value,
            @ForAll("limits") int maxValueBytes) {
        writeThenRead(engine(maxValueBytes), maxValueBytes, value.get1(), value.get2());
    }

    @Property(tries = 1000, generation = GenerationMode.RANDOMIZED)
    void aStringAtOrAroundTheSizeLimitIsAcceptedExactlyUpToIt(@ForAll("sized") Tuple.Tuple2<Integer, String> sized) {
        writeThenRead(engine(sized.get1()), sized.get1(), sized.get2(), String.class);
    }

    @Property(tries = 1000)
    void aValueJsonBCannotEncodeIsRejectedByNameWithNothingWritten(@ForAll("unencodable") Supplier<Object> value,
            @ForAll("wrappers") UnaryOperator<Object> wrapper) {
        StateManager engine = engine(Limits.DEFAULTS.maxValueBytes());
        Object raw = value.get();
        // Nothing at all (null, an empty Optional) is refused alone; inside a collection it is a JSON null.
        Object v = raw == null || raw instanceof Optional ? raw : wrapper.apply(raw);
        StateSerializationException e = assertThrows(StateSerializationException.class, () -> engine.set(KEY, v),
                () -> "a " + (v == null ? "null" : v.getClass().getName()) + " was accepted");
        assertEquals(KEY, e.getKey());
        assertThrows(StateSerializationException.class, () -> engine.compareAndSet(KEY, 0, v));
        assertThrows(StateSerializationException.class, () -> engine.setAll(single(v)));
        fuzz.assertNothingWritten(v == null ? "null" : v.getClass().getName());
    }

    private static Map<String, Object> single(Object v) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(KEY, v);
        return map;
    }

    /** Writes {@code value}; its JSON size, counted here in UTF-8, says whether the engine must accept it. */
    private void writeThenRead(StateManager engine, int maxValueBytes, Object value, Type type) {
        String json;
        try {
            json = ORACLE.toJson(value);
        } catch (RuntimeException | StackOverflowError e) {
            Statistics.label("verdict").collect("not encodable");
            assertThrows(StateSerializationException.class, () -> engine.set(KEY, value));
            fuzz.assertNothingWritten("an unencodable value");
            return;
        }
        if (depth(json) > JsonbCodec.MAX_DEPTH) {
            Statistics.label("verdict").collect("too deep");
            StateSerializationException e = assertThrows(StateSerializationException.class, () -> engine.set(KEY, value));
            assertTrue(e.getMessage().contains("deep"), e.getMessage());
            fuzz.assertNothingWritten("a value too deep");
            return;
        }
        long bytes = utf8Bytes(json);
        if (bytes > maxValueBytes) {
            Statistics.label("verdict").collect("too large");
            ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> engine.set(KEY, value));
            assertEquals(List.of(KEY, bytes, (long) maxValueBytes), List.of(e.getKey(), e.getSize(), e.getLimit()));
            fuzz.assertNothingWritten(bytes + " bytes");
            return;
        }
        Statistics.label("verdict").collect("accepted");
        assertEquals(1, engine.set(KEY, value));
        Optional<Object> read;
        try {
            read = engine.get(KEY, type);
        } catch (StackOverflowError e) {
            read = fail("reading back a value of " + bytes + " bytes overflowed the stack", e);
        }
        assertTrue(read.isPresent(), "accepted but absent");
        assertEquals(ORACLE.fromJson(json, type), read.get(), "read back other than written");
        String stored = fuzz.db.head(KEY).orElseThrow().json();
        // H2 keeps any Java string; PostgreSQL and MariaDB store UTF-8, which has no unpaired surrogate ('?' instead).
        assertTrue(stored.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF),
                () -> "the stored JSON holds an unpaired surrogate: " + OddText.escape(stored));
        assertEquals((Object) ORACLE.fromJson(json, type), ORACLE.fromJson(stored, type), "the head row holds other JSON");
    }

    /** The nesting of arrays and objects, as a JSON parser sees it (which refuses beyond its own bound). */
    private static int depth(String json) {
        int depth = 0;
        int deepest = 0;
        try (JsonParser parser = jakarta.json.Json.createParser(new StringReader(json))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_ARRAY || event == JsonParser.Event.START_OBJECT) {
                    deepest = Math.max(deepest, ++depth);
                } else if (event == JsonParser.Event.END_ARRAY || event == JsonParser.Event.END_OBJECT) {
                    depth--;
                }
            }
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
        return deepest;
    }

    /** Code points, not code units; an unpaired surrogate is stored as a six-character escape. */
    private static long utf8Bytes(String s) {
        return s.codePoints().mapToLong(cp -> cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp >= 0xD800 && cp <= 0xDFFF ? 6
                : cp < 0x10000 ? 3 : 4).sum();
    }

    /** A JSON-B of its own, so what the test expects is not computed by the engine's codec. */
    private static final jakarta.json.bind.Jsonb ORACLE = jakarta.json.bind.JsonbBuilder.create();

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of(1, 2, 16, 256, 4096, 65_536)),
                Tuple.of(1, Arbitraries.just(Limits.DEFAULTS.maxValueBytes())));
    }

    @Provide
    Arbitrary<Sample> trees() {
        // Built from the try's Random rather than by combining arbitraries: as fast for a tree of any shape, and
        // the Sample's description is what a failure reports (the value itself can be too deep to print).
        RandomGenerator<String> strings = OddText.upTo(12).generator(1000);
        RandomGenerator<BigDecimal> numbers = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)).map(BigDecimal::new),
                Arbitraries.bigDecimals().ofScale(6),
                Arbitraries.of(new BigDecimal("1E+400"), new BigDecimal("-1E-400"), new BigDecimal("0.000"),
                        new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE), new BigDecimal("12345678901234567890.1234567890")))
                .generator(1000);
        Arbitrary<Object> nested = Arbitraries.randomValue(random -> tree(random, 1 + random.nextInt(6), strings, numbers));
        Arbitrary<Object> deep = Arbitraries.of(10, 100, 255, 256, 257, 1000, 5000, 20_000).map(ValuesFuzzTest::deepList);
        Arbitrary<Object> wide = Arbitraries.of(100, 1000, 10_000).map(n -> (Object) new ArrayList<>(
                java.util.Collections.nCopies(n, (Object) "w")));
        return Arbitraries.frequencyOf(Tuple.of(12, nested), Tuple.of(2, deep), Tuple.of(1, wide)).map(Sample::of);
    }

    /** A random JSON-like tree: maps with odd keys, lists, nulls inside both, odd strings, big numbers, booleans. */
    private static Object tree(Random random, int depth, RandomGenerator<String> strings,
            RandomGenerator<BigDecimal> numbers) {
        int pick = random.nextInt(depth <= 1 ? 4 : 6);
        switch (pick) {
            case 0:
                return strings.next(random).value();
            case 1:
                return numbers.next(random).value();
            case 2:
                return random.nextBoolean();
            case 3:
                return random.nextInt(10) == 0 ? List.of() : strings.next(random).value();
            case 4: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(7); i > 0; i--) {
                    list.add(random.nextInt(10) == 0 ? null : tree(random, depth - 1, strings, numbers));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    map.put(strings.next(random).value(),
                            random.nextInt(10) == 0 ? null : tree(random, depth - 1, strings, numbers));
                }
                return map;
            }
        }
    }

    private static Object deepList(int depth) {
        Object v = "bottom";
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Object, Type>> typed() {
        Arbitrary<Double> doubles = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.doubles().map(d -> d)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE)));
        Arbitrary<Item> leafItem = Combinators.combine(OddText.upTo(10), Arbitraries.longs(), doubles,
                Arbitraries.bigDecimals().ofScale(3), OddText.upTo(5).list().ofMaxSize(3),
                Arbitraries.maps(OddText.upTo(4), Arbitraries.integers()).ofMaxSize(3))
                .as((n, c, r, a, t, m) -> new Item(n, c, r, a, t, new LinkedHashMap<>(m), null));
        Arbitrary<Item> item = Combinators.combine(leafItem, leafItem.injectNull(0.5))
                .as((parent, child) -> new Item(parent.name(), parent.count(), parent.ratio(), parent.amount(),
                        parent.tags(), parent.counts(), child));
        return Arbitraries.oneOf(
                item.map(i -> Tuple.of(i, Item.class)),
                item.list().ofMaxSize(4).map(l -> Tuple.of(l, LIST_OF_ITEMS)),
                Arbitraries.maps(OddText.upTo(5), item.list().ofMaxSize(3)).ofMaxSize(3)
                        .map(m -> Tuple.of(new LinkedHashMap<>(m), MAP_OF_LISTS)));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, String>> sized() {
        // The 1 MiB default rarely: each such try writes and reads a megabyte, and the rule is the same at every limit.
        Arbitrary<Integer> limit = Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.of(3, 4, 5, 16, 100, 4096)),
                Tuple.of(1, Arbitraries.just(Limits.DEFAULTS.maxValueBytes())));
        // One, two, three and four UTF-8 bytes a character, and escapes JSON writes as six characters.
        Arbitrary<String> unit = Arbitraries.of("a", "é", "€", "😀", "\u0001", "\"");
        return Combinators.combine(limit, unit, Arbitraries.integers().between(-3, 3)).as((max, u, delta) -> {
            int perUnit = (int) utf8Bytes(ORACLE.toJson(u)) - 2;
            int n = Math.max(0, (max - 2) / perUnit + delta);
            return Tuple.of(max, u.repeat(n));
        });
    }

    /** Cannot be encoded: it refers to itself. */
    public static final class Cycle {
        /** The cycle. */
        public Cycle self = this;
    }

    /** Cannot be encoded: reading its property throws. */
    public static final class Throwing {
        /** Always throws. */
        public String getBoom() {
            throw new IllegalStateException("boom");
        }
    }

    @Provide
    Arbitrary<Supplier<Object>> unencodable() {
        return Arbitraries.of(
                () -> null,
                Optional::empty,
                Cycle::new,
                Throwing::new,
                () -> List.of(new Cycle()),
                () -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("me", m);
                    return m;
                },
                () -> deepList(2_000));
    }

    /** Puts a value somewhere inside lists and maps of odd keys, or leaves it alone. */
    @Provide
    Arbitrary<UnaryOperator<Object>> wrappers() {
        Arbitrary<UnaryOperator<Object>> once = Arbitraries.oneOf(
                OddText.upTo(8).map(k -> v -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(k, v);
                    return m;
                }),
                Arbitraries.integers().between(0, 3).map(at -> v -> {
                    List<Object> l = new ArrayList<>(java.util.Collections.nCopies(3, (Object) "x"));
                    l.add(at, v);
                    return l;
                }));
        return once.list().ofMaxSize(4).map(steps -> v -> {
            Object wrapped = v;
            for (UnaryOperator<Object> step : steps) {
                wrapped = v == null ? null : step.apply(wrapped);
            }
            return wrapped;
        });
    }

    private static Type parameterized(Class<?> raw, Type... arguments) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return arguments.clone();
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
