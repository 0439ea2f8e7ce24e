package org.statekeeper.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.statekeeper.StateConfigurationException;

/**
 * The rule every configuration property keeps, whatever string it is given: the configuration is
 * accepted, or reading it throws a {@link StateConfigurationException} whose key is the property and
 * whose message names it; never any other exception. Also the values to try it with, and the list
 * of properties the README's configuration table documents, so a suite can prove it tried them all.
 */
public final class ConfigurationFuzz {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(state\\.[a-z0-9.-]+)` \\|");

    private ConfigurationFuzz() {
    }

    /**
     * Returns values to set a property to: numbers, sizes and durations at and beyond every bound a
     * property has, with odd units and signs, digits of other scripts, on/off words in odd forms, URIs,
     * paths and lists, random odd text, and any of them wrapped in whitespace of any script.
     *
     * @return the values
     */
    public static Gen<String> values() {
        Gen<String> number = Gen.oneOf(
                Gen.of("0", "1", "-1", "-0", "+5", "49", "50", "51", "99", "100", "101", "255", "256", "257",
                        "511", "512", "513", "1023", "1024", "1025", "10000", "10001", "65536", "1000000", "1000001",
                        "1048575", "1048576", "1048577", "100000000", "100000001", "2147483647", "2147483648",
                        "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775808", "999999999999999", "1e3", "0x10", "010", "1_000", "1,000", "1.5",
                        ".5", "NaN", "Infinity", "٣", "١٢٨", "１２", "०१", "𝟙𝟚"),
                Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(String::valueOf),
                // 2^63 to 2^80: beyond a long.
                Gen.longs(0, Long.MAX_VALUE).flatMap(low -> Gen.ints(0, 1 << 17).map(high ->
                        BigInteger.valueOf(high).shiftLeft(63).add(BigInteger.TWO.pow(63)).add(BigInteger.valueOf(low))
                                .min(BigInteger.TWO.pow(80)).toString())));
        Gen<String> unit = Gen.of("", "ms", "s", "m", "h", "d", "k", "g", "K", "M", "G", "MS", "S", "H",
                "D", "ns", "us", "μs", "w", "y", "mb", "kb", " s", "ss", "sec", "min", "days");
        Gen<String> iso = Gen.of("P", "PT", "PT0S", "PT0.05S", "PT0.049S", "PT0.1S", "PT0.099S", "PT1S",
                "PT2S", "PT1H", "PT10M", "PT10M0.001S", "PT5M", "PT5M0.001S", "PT1M", "PT59.999S", "P1D", "P1DT0.001S",
                "P36500D", "P36501D", "PT-1S", "-PT1S", "P-1D", "P1DT1H", "pt1h", "p30d", "P1W", "P1Y", "P1M",
                "PT999999999999999H", "P999999999999999D", "PT9223372036854775807S", "PT1.0000000001S", "PT1,5S",
                "P1D1H", "PT1H1H", "PT+1S", "PTS", "PT.5S");
        Gen<String> word = Gen.of("on", "off", "ON", "Off", "true", "false", "yes", "no", "enabled",
                "ｏｎ", "auto", "rebuild", "verify", "none", "AUTO", "memory", "redis", "Redis", "standalone", "sentinel",
                "cluster", "*", ",", ",,", "*,*", "=", "a=", "=b", "a=b", "operator=flag:,operator=cart:",
                "/statekeeper/push", "/", "//", "/a/", "/a b", "/ä", "/a//b", "a", "https://app.example.com",
                "http://localhost:8080", "https://x:99999", "https://", "redis://127.0.0.1:6379",
                "redis://app:s3cret@127.0.0.1:notaport", "rediss://h", "redis-sentinel://h:26379/0#m",
                "redis-sentinel://h", "redis://a,redis://b", "redis://", "http://app:s3cret@cache.example:6379",
                "redis://[::1]:6379", "statekeeper:", "a b", "node-1", "admin", "ops.team_1-x");
        // Numbers that overflow a Duration or a long once a unit multiplies them (days, hours, minutes, ms as nanos).
        Gen<String> overflowing = Gen.of("999999999999999", "106751991167301", "106751991167300",
                "2562047788015216", "153722867280912931", "9223372036854775", "9223372036854775807",
                "-9223372036854775808", "-999999999999999");
        Gen<String> base = Gen.frequency(
                new Gen.Weighted<>(4, number),
                new Gen.Weighted<>(4, random -> number.next(random) + unit.next(random)),
                new Gen.Weighted<>(4, random -> overflowing.next(random) + unit.next(random)),
                new Gen.Weighted<>(3, iso),
                new Gen.Weighted<>(3, word),
                new Gen.Weighted<>(4, OddText.upTo(40)),
                new Gen.Weighted<>(1, OddText.ofLengths(List.of(64, 65, 128, 129, 200, 201, 1000))));
        Gen<String> blank = Gen.of("", "", "", " ", "\t", "\n", "\u00a0", "\u3000", "\u2007", "\ufeff");
        Gen<String> values = random -> blank.next(random) + base.next(random) + blank.next(random);
        return values.withEdges(base.edges());
    }

    /** Two of {@code properties} set to values (one when both draws name the same property). */
    private static Gen<Map<String, String>> pairs(List<String> properties) {
        Gen<String> property = Gen.of(properties.toArray(String[]::new));
        Gen<String> value = values();
        return random -> {
            Map<String, String> both = new java.util.HashMap<>(Map.of(property.next(random), value.next(random)));
            both.put(property.next(random), value.next(random));
            return both;
        };
    }

    /**
     * Reads the configuration {@code property=value} through {@code read} and checks the rule: accepted, or a
     * {@link StateConfigurationException} naming the property; any other exception fails the test with it.
     *
     * @param read reads a configuration from properties, as the runtime or a plugin does
     * @param property the property set
     * @param value its value
     * @return whether the value was accepted
     */
    public static boolean acceptedOrNamed(Function<Map<String, String>, ?> read, String property, String value) {
        try {
            read.apply(Map.of(property, value));
            return true;
        } catch (StateConfigurationException e) {
            assertEquals(property, e.getKey(), () -> "the exception names another property: " + e.getMessage());
            assertTrue(e.getMessage().contains(property), () -> "the message does not name " + property + ": "
                    + e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            return fail(property + "=" + value + " threw " + e + " instead of a StateConfigurationException naming "
                    + property, e);
        }
    }

    /**
     * Reads {@code properties} together through {@code read} and checks the rule for a combination: accepted, or a
     * {@link StateConfigurationException} naming one of the properties set (or {@code also}, a property whose
     * value follows from them, such as the store they choose); never any other exception.
     *
     * @param read reads a configuration from properties
     * @param properties the properties set
     * @param also other properties the exception may name
     * @return whether the combination was accepted
     */
    public static boolean acceptedOrNamesOneOf(Function<Map<String, String>, ?> read, Map<String, String> properties,
            String... also) {
        try {
            read.apply(properties);
            return true;
        } catch (StateConfigurationException e) {
            assertTrue(properties.containsKey(e.getKey()) || List.of(also).contains(e.getKey()),
                    () -> "named " + e.getKey() + " when " + properties.keySet() + " were set: " + e.getMessage());
            assertTrue(e.getMessage().contains(e.getKey()), e::getMessage);
            return false;
        } catch (RuntimeException | Error e) {
            return fail(properties.keySet() + " threw " + e + " instead of a StateConfigurationException naming one of them",
                    e);
        }
    }

    /**
     * Sets each of {@code properties} in turn to {@code value}, over {@code base} (what the others need to be
     * valid), and checks the rule of {@link #acceptedOrNamed} for each.
     *
     * @param read reads a configuration from properties
     * @param base properties set on every read, e.g. a valid address
     * @param properties the properties to try
     * @param value the value each gets
     * @return how the properties took it, for the report: accepted by all, by some, or refused by all
     */
    public static String eachAcceptedOrNamed(Function<Map<String, String>, ?> read, Map<String, String> base,
            List<String> properties, String value) {
        int accepted = 0;
        for (String property : properties) {
            accepted += acceptedOrNamed(set -> {
                Map<String, String> all = new java.util.HashMap<>(base);
                all.putAll(set);
                return read.apply(all);
            }, property, value) ? 1 : 0;
        }
        return accepted == properties.size() ? "accepted by all" : accepted == 0 ? "refused by all" : "accepted by some";
    }

    /**
     * Fuzzes each of {@code properties} alone (over {@code base}) with 1000 (or more) {@link #values()}: the rule
     * of {@link #acceptedOrNamed} for every one.
     *
     * @param name the property's name in the report
     * @param read reads a configuration from properties
     * @param base properties set on every read, e.g. a valid address
     * @param properties the properties to fuzz
     */
    public static void checkEach(String name, Function<Map<String, String>, ?> read, Map<String, String> base,
            List<String> properties) {
        Fuzz.check(name, 1000, values(), value -> eachAcceptedOrNamed(read, base, properties, value));
    }

    /**
     * Fuzzes two of {@code properties} at a time with 1000 (or more) pairs of {@link #values()}: the rule of
     * {@link #acceptedOrNamesOneOf} for every pair.
     *
     * @param name the property's name in the report
     * @param read reads a configuration from properties
     * @param properties the properties to draw from
     * @param also other properties the exception may name
     */
    public static void checkPairs(String name, Function<Map<String, String>, ?> read, List<String> properties,
            String... also) {
        Fuzz.check(name, 1000, pairs(properties),
                both -> acceptedOrNamesOneOf(read, both, also) ? "accepted" : "refused");
    }

    /**
     * Returns the properties of the README's configuration table that start with {@code prefix}.
     *
     * @param prefix e.g. {@code state.push}
     * @return those properties, in table order
     */
    public static List<String> documentedProperties(String prefix) {
        return documentedProperties(Path.of("..", "README.md")).stream().filter(p -> p.startsWith(prefix)).toList();
    }

    /**
     * Returns the properties the README's configuration table documents, in table order.
     *
     * @param readme the README
     * @return every {@code state.*} property with a row of its own
     */
    public static List<String> documentedProperties(Path readme) {
        try {
            return Files.readAllLines(readme).stream().map(TABLE_ROW::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
