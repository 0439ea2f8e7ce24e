package org.statekeeper.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration table of the README, read so that tests try every documented property with values
 * it must reject: the table is the list of properties, so a property added to it is tested too.
 */
public final class ConfigurationTable {

    private static final Pattern ROW = Pattern.compile("^\\| `(state\\.[a-z.-]+)` \\|[^|]*\\|(.*)\\|\\s*$");

    private ConfigurationTable() {
    }

    /**
     * One documented property and the text saying what it accepts.
     *
     * @param property the property's name
     * @param accepted the table's "accepted values" cell
     */
    public record Row(String property, String accepted) {

        /**
         * Returns values the property must reject by the kind of value it takes (a duration, an integer,
         * a size or one of a list of words), each beyond its bounds or too large to represent; empty for
         * free-form properties.
         */
        public List<String> badValues() {
            if (accepted.contains("a duration")) {
                return List.of("999999999999999d", "9223372036854775807ms", "99999999999999999999s",
                        "P999999999999999999D", "PT-1S", "0ms", "-5m", "10y");
            }
            if (accepted.contains("a size")) {
                return List.of("9223372036854775807g", "99999999999999999999", "-1", "0", "1t");
            }
            if (accepted.contains("integer")) {
                return List.of("99999999999999999999", "2147483648", "-2147483649", "0", "-1", "1.5", "0x10");
            }
            if (accepted.contains("\\|")) {
                return List.of("maybe", "on off", "-1");
            }
            return List.of();
        }
    }

    /**
     * Returns the rows of the table under "## Configuration" in {@code readme}.
     *
     * @param readme the README.md of the project
     */
    public static List<Row> read(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    rows.add(new Row(m.group(1), m.group(2)));
                }
            }
        }
        return rows;
    }

    /** Returns the README.md of the project, found from a module's directory or the project's root. */
    public static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("state-api"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md of the project not found above " + here);
    }
}
