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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateManager;
import org.statekeeper.StateSerializationException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.testing.fuzz.Gen;
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
     * A generated value with a short description: printing the value itself would overflow the stack on a
     * deep one, and fill the report with a wide one.
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

    /** A value of {@code type} (a record or a generic type) to write under a size limit. */
    record Typed(Object value, Type type, int maxValueBytes) {
    }

    /** A string of {@code text}'s length under {@code maxValueBytes}. */
    record Sized(int maxValueBytes, String text) {
        @Override
        public String toString() {
            return "max " + maxValueBytes + ", " + text.length() + " chars of "
                    + OddText.escape(text.isEmpty() ? "" : text.substring(0, text.offsetByCodePoints(0, 1)));
        }
    }

    private static final String KEY = "fuzz:value";
    private static final Type LIST_OF_ITEMS = parameterized(List.class, Item.class);
    private static final Type MAP_OF_LISTS = parameterized(Map.class, String.class, LIST_OF_ITEMS);
    private final Clock clock = Clock.systemUTC();

    private StateManager engine(int maxValueBytes) {
        return fuzz.engine(new Limits(Limits.DEFAULTS.maxKeyLength(), maxValueBytes), clock);
    }

    @Test
    void aJsonTreeReadsBackEqualOrIsRejectedByNameWithNothingWritten() {
        Gen<Sample> trees = trees();
        Gen<Integer> limits = limits();
        record TreeCase(Sample tree, int maxValueBytes) {
        }
        check("ValuesFuzzTest.aJsonTreeReadsBackEqualOrIsRejectedByNameWithNothingWritten",
                random -> new TreeCase(trees.next(random), limits.next(random)),
                c -> writeThenRead(engine(c.maxValueBytes()), c.maxValueBytes(), c.tree().value(), Object.class));
    }

    @Test
    void aRecordOrGenericValueReadsBackEqualOrIsRejectedByName() {
        check("ValuesFuzzTest.aRecordOrGenericValueReadsBackEqualOrIsRejectedByName", typed(),
                c -> writeThenRead(engine(c.maxValueBytes()), c.maxValueBytes(), c.value(), c.type()));
    }

    @Test
    void aStringAtOrAroundTheSizeLimitIsAcceptedExactlyUpToIt() {
        check("ValuesFuzzTest.aStringAtOrAroundTheSizeLimitIsAcceptedExactlyUpToIt", sized(),
                c -> writeThenRead(engine(c.maxValueBytes()), c.maxValueBytes(), c.text(), String.class));
    }

    /** A value JSON-B cannot encode (by name), put inside lists and maps by {@code wraps}. */
    record Unencodable(String what, Supplier<Object> make, List<Wrap> wraps) {
        @Override
        public String toString() {
            return what + " " + wraps;
        }
    }

    /** Puts a value in a map under {@code key}, or (when the key is null) in a list of three at {@code at}. */
    record Wrap(String key, int at) {
        Object apply(Object v) {
            if (key != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(key, v);
                return m;
            }
            List<Object> l = new ArrayList<>(java.util.Collections.nCopies(3, (Object) "x"));
            l.add(at, v);
            return l;
        }

        @Override
        public String toString() {
            return key != null ? "in a map at " + OddText.escape(key) : "in a list at " + at;
        }
    }

    @Test
    void aValueJsonBCannotEncodeIsRejectedByNameWithNothingWritten() {
        check("ValuesFuzzTest.aValueJsonBCannotEncodeIsRejectedByNameWithNothingWritten", unencodable(), c -> {
            StateManager engine = engine(Limits.DEFAULTS.maxValueBytes());
            Object raw = c.make().get();
            // Nothing at all (null, an empty Optional) is refused alone; inside a collection it is a JSON null.
            Object wrapped = raw;
            if (raw != null && !(raw instanceof Optional)) {
                for (Wrap wrap : c.wraps()) {
                    wrapped = wrap.apply(wrapped);
                }
            }
            Object v = wrapped;
            StateSerializationException e = assertThrows(StateSerializationException.class, () -> engine.set(KEY, v),
                    () -> "a " + (v == null ? "null" : v.getClass().getName()) + " was accepted");
            assertEquals(KEY, e.getKey());
            assertThrows(StateSerializationException.class, () -> engine.compareAndSet(KEY, 0, v));
            assertThrows(StateSerializationException.class, () -> engine.setAll(single(v)));
            fuzz.assertNothingWritten(v == null ? "null" : v.getClass().getName());
            return c.what();
        });
    }

    private static Map<String, Object> single(Object v) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(KEY, v);
        return map;
    }

    /** Writes {@code value}; its JSON size, counted here in UTF-8, says whether the engine must accept it. */
    private String writeThenRead(StateManager engine, int maxValueBytes, Object value, Type type) {
        String json;
        try {
            json = ORACLE.toJson(value);
        } catch (RuntimeException | StackOverflowError e) {
            assertThrows(StateSerializationException.class, () -> engine.set(KEY, value));
            fuzz.assertNothingWritten("an unencodable value");
            return "not encodable";
        }
        if (depth(json) > JsonbCodec.MAX_DEPTH) {
            StateSerializationException e = assertThrows(StateSerializationException.class, () -> engine.set(KEY, value));
            assertTrue(e.getMessage().contains("deep"), e.getMessage());
            fuzz.assertNothingWritten("a value too deep");
            return "too deep";
        }
        long bytes = utf8Bytes(json);
        if (bytes > maxValueBytes) {
            ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> engine.set(KEY, value));
            assertEquals(List.of(KEY, bytes, (long) maxValueBytes), List.of(e.getKey(), e.getSize(), e.getLimit()));
            fuzz.assertNothingWritten(bytes + " bytes");
            return "too large";
        }
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
        return "accepted";
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

    private static Gen<Integer> limits() {
        return Gen.frequency(new Gen.Weighted<>(10, Gen.of(1, 2, 16, 256, 4096, 65_536)),
                new Gen.Weighted<>(1, Gen.of(Limits.DEFAULTS.maxValueBytes())));
    }

    private static Gen<Sample> trees() {
        Gen<Object> nested = Gen.recursive(leaves(), ValuesFuzzTest::branches, 5);
        Gen<Object> deep = Gen.of(10, 100, 255, 256, 257, 1000, 5000, 20_000).map(ValuesFuzzTest::deepList);
        Gen<Object> wide = Gen.of(100, 1000, 10_000).map(n -> new ArrayList<>(java.util.Collections.nCopies(n, "w")));
        return Gen.frequency(new Gen.Weighted<>(12, nested), new Gen.Weighted<>(2, deep), new Gen.Weighted<>(1, wide))
                .map(Sample::of);
    }

    /** The leaves of a JSON-like tree: odd strings, big numbers, booleans, now and then an empty list. */
    private static Gen<Object> leaves() {
        Gen<String> strings = OddText.upTo(12);
        Gen<BigDecimal> numbers = Gen.oneOf(
                // About -2^70 to 2^70: beyond a long.
                random -> new BigDecimal(BigInteger.valueOf(random.nextLong()).shiftLeft(7)
                        .add(BigInteger.valueOf(random.nextInt(128)))),
                random -> BigDecimal.valueOf(random.nextLong(), 6),
                Gen.of(new BigDecimal("1E+400"), new BigDecimal("-1E-400"), new BigDecimal("0.000"),
                        new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE), new BigDecimal("12345678901234567890.1234567890")));
        Gen<Object> emptyOrString = random -> random.nextInt(10) == 0 ? List.of() : strings.next(random);
        return Gen.oneOf(strings, numbers, Gen.of(false, true), emptyOrString);
    }

    /** A level of a JSON-like tree: a leaf, or a list or a map (odd keys) of {@code child} trees, nulls among them. */
    private static Gen<Object> branches(Gen<Object> child) {
        Gen<String> keys = OddText.upTo(12);
        Gen<Object> childOrNull = random -> random.nextInt(10) == 0 ? null : child.next(random);
        Gen<Object> list = childOrNull.list(0, 6).map(l -> l);
        Gen<Object> map = random -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                m.put(keys.next(random), childOrNull.next(random));
            }
            return m;
        };
        Gen<Object> leaves = leaves();
        return Gen.frequency(new Gen.Weighted<>(4, leaves), new Gen.Weighted<>(1, list), new Gen.Weighted<>(1, map));
    }

    private static Object deepList(int depth) {
        Object v = "bottom";
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    private static Gen<Typed> typed() {
        Gen<Double> doubles = Gen.frequency(
                new Gen.Weighted<>(6, random -> {
                    double d = Double.longBitsToDouble(random.nextLong());
                    return Double.isFinite(d) ? d : random.nextDouble();
                }),
                new Gen.Weighted<>(1, Gen.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE)));
        Gen<String> names = OddText.upTo(10);
        Gen<Long> longs = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<Integer> ints = Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
        Gen<List<String>> tags = OddText.upTo(5).list(0, 3);
        Gen<String> mapKeys = OddText.upTo(4);
        Gen<Item> leafItem = random -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                counts.put(mapKeys.next(random), ints.next(random));
            }
            return new Item(names.next(random), longs.next(random), doubles.next(random),
                    BigDecimal.valueOf(random.nextLong(), 3), tags.next(random), counts, null);
        };
        Gen<Item> item = random -> {
            Item parent = leafItem.next(random);
            Item child = random.nextBoolean() ? null : leafItem.next(random);
            return new Item(parent.name(), parent.count(), parent.ratio(), parent.amount(), parent.tags(),
                    parent.counts(), child);
        };
        Gen<String> listKeys = OddText.upTo(5);
        Gen<List<Item>> items = item.list(0, 3);
        Gen<Map<String, List<Item>>> maps = random -> {
            Map<String, List<Item>> m = new LinkedHashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                m.put(listKeys.next(random), items.next(random));
            }
            return m;
        };
        Gen<Integer> limits = limits();
        return random -> switch (random.nextInt(3)) {
            case 0 -> new Typed(item.next(random), Item.class, limits.next(random));
            case 1 -> new Typed(item.list(0, 4).next(random), LIST_OF_ITEMS, limits.next(random));
            default -> new Typed(maps.next(random), MAP_OF_LISTS, limits.next(random));
        };
    }

    private static Gen<Sized> sized() {
        // The 1 MiB default rarely: each such try writes and reads a megabyte, and the rule is the same at every limit.
        Gen<Integer> limit = Gen.frequency(new Gen.Weighted<>(40, Gen.of(3, 4, 5, 16, 100, 4096)),
                new Gen.Weighted<>(1, Gen.of(Limits.DEFAULTS.maxValueBytes())));
        // One, two, three and four UTF-8 bytes a character, and escapes JSON writes as six characters.
        Gen<String> unit = Gen.of("a", "é", "€", "😀", "\u0001", "\"");
        return random -> {
            int max = limit.next(random);
            String u = unit.next(random);
            int perUnit = (int) utf8Bytes(ORACLE.toJson(u)) - 2;
            int n = Math.max(0, (max - 2) / perUnit + random.nextInt(-3, 4));
            return new Sized(max, u.repeat(n));
        };
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

    private static Gen<Unencodable> unencodable() {
        Gen<String> whats = Gen.of("null", "an empty Optional", "a cycle", "a throwing getter", "a list of a cycle",
                "a map holding itself", "a list 2000 deep");
        Gen<Wrap> wrap = Gen.oneOf(OddText.upTo(8).map(k -> new Wrap(k, 0)), Gen.ints(0, 3).map(at -> new Wrap(null, at)));
        Gen<List<Wrap>> wraps = wrap.list(0, 4);
        return random -> {
            String what = whats.next(random);
            Supplier<Object> make = switch (what) {
                case "null" -> () -> null;
                case "an empty Optional" -> Optional::empty;
                case "a cycle" -> Cycle::new;
                case "a throwing getter" -> Throwing::new;
                case "a list of a cycle" -> () -> List.of(new Cycle());
                case "a map holding itself" -> () -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("me", m);
                    return m;
                };
                default -> () -> deepList(2_000);
            };
            return new Unencodable(what, make, wraps.next(random));
        };
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
