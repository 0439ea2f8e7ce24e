package org.statekeeper.cdi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;

/** Typed, validated reads of configuration properties; every failure names the property and its accepted values. */
final class ConfigReader {

    private final Function<String, Optional<String>> lookup;

    ConfigReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    Optional<String> raw(String property) {
        return lookup.apply(property).map(String::trim);
    }

    String oneOf(String property, String defaultValue, List<String> accepted) {
        String value = raw(property).orElse(defaultValue);
        if (!accepted.contains(value)) {
            throw new StateConfigurationException(property, value, String.join(" | ", accepted));
        }
        return value;
    }

    int intIn(String property, int defaultValue, int min, int max) {
        Optional<String> raw = raw(property);
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

    /** A duration as ISO-8601 ({@code PT2S}) or a number with a unit ({@code 500ms}, {@code 2s}, {@code 1m}). */
    Duration duration(String property, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = raw(property);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "a duration from " + min + " to " + max + " as ISO-8601 (PT2S) or 500ms, 2s, 1m, 1h"
                + " (default " + defaultValue + ")";
        Duration value = parseDuration(raw.get());
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
        return value;
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
                default -> null;
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
