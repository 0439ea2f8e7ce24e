package org.statekeeper.core.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * Typed, validated reads of configuration properties from any source; every failure names the
 * property, the value (credentials masked) and what is accepted, the same way for the runtime and
 * for every plugin.
 */
final class SettingsReader implements Settings {

    private final Function<String, Optional<String>> lookup;

    SettingsReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    @Override
    public Optional<String> value(String property) {
        return lookup.apply(property).map(String::trim);
    }

    @Override
    public String oneOf(String property, String defaultValue, List<String> accepted) {
        String value = value(property).orElse(defaultValue);
        if (!accepted.contains(value)) {
            throw new StateConfigurationException(property, value, String.join(" | ", accepted));
        }
        return value;
    }

    @Override
    public int intIn(String property, int defaultValue, int min, int max) {
        Optional<String> raw = value(property);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "an integer from " + min + " to " + max + " (default " + defaultValue + ")";
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new StateConfigurationException(property, raw.get(), accepted);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
    }

    /**
     * Returns the property as a number of bytes ({@code 65536}, or with a binary suffix: {@code 512k},
     * {@code 64m}, {@code 1g}) from {@code min} to {@code max}, or {@code defaultValue} when unset.
     */
    long bytes(String property, long defaultValue, long min, long max) {
        Optional<String> raw = value(property);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "a size from " + min + " to " + max + " bytes, as a number of bytes or with k, m or g"
                + " (1024, 1048576, 1073741824 bytes), e.g. 64m (default " + defaultValue + ")";
        String s = raw.get().toLowerCase(Locale.ROOT);
        int shift = s.endsWith("k") ? 10 : s.endsWith("m") ? 20 : s.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
            if (n < 0 || n > (max >> shift) || n << shift < min) {
                throw new StateConfigurationException(property, raw.get(), accepted);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
    }

    @Override
    public Duration duration(String property, Duration defaultValue, Duration min, Duration max) {
        return optionalDuration(property, min, max, "default " + text(defaultValue)).orElse(defaultValue);
    }

    /** Like {@link #duration} for a property without default value: empty when unset, {@code whenUnset} says what that means. */
    Optional<Duration> optionalDuration(String property, Duration min, Duration max, String whenUnset) {
        Optional<String> raw = value(property);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String accepted = "a duration from " + text(min) + " to " + text(max)
                + " as ISO-8601 (PT2S, PT1H, P30D) or 500ms, 2s, 1m, 1h, 30d (" + whenUnset + ")";
        Duration value = parseDuration(raw.get());
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
        return Optional.of(value);
    }

    /** Whole days as P30D rather than Duration's PT720H, which nobody would write. */
    private static String text(Duration d) {
        return d.toSeconds() >= 86_400 && d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0
                ? "P" + d.toDays() + "D" : d.toString();
    }

    private static Duration parseDuration(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
            // ArithmeticException: a number of days or hours too large for a Duration.
            return null;
        }
    }
}
