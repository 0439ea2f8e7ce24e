package org.statekeeper.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Log lines an operator acts on carry a stable message id ({@code SKmmnn}, {@code mm} the module), written
 * at the start of the message in the code: each id is used once, appears in the README's "Log messages"
 * table with what to do, and an id the code no longer uses stays in the table as retired, never reused.
 */
class MessageIdsTest {

    /** The two-digit module part of an id, by module directory. */
    private static final Map<String, String> MODULE_PART = Map.of("state-core", "01", "state-redis", "02",
            "state-jpa-log", "03", "state-cdi", "04", "state-se", "05", "state-websocket", "06",
            "state-admin", "07", "state-health", "08", "state-demo", "09");

    private static final Pattern ID = Pattern.compile("SK\\d{4}");
    /** A log call at a level an operator sees, up to its message's first string literal. */
    private static final Pattern LOUD_CALL = Pattern.compile(
            "\\.log\\((?:[^;\"]*?Level\\.(?:INFO|WARNING|ERROR)[^;\"]*?),\\s*\"([^\"]*)\"", Pattern.DOTALL);
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(SK\\d{4})` \\|(.*)\\|\\s*$");

    private static final Path ROOT = root();

    @Test
    void everyOperatorLogLineStartsWithAnIdOfItsModule() {
        List<String> missing = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, String> module : MODULE_PART.entrySet()) {
            for (Path file : sources(module.getKey())) {
                Matcher call = LOUD_CALL.matcher(read(file));
                while (call.find()) {
                    calls++;
                    String message = call.group(1);
                    if (!message.matches("SK" + module.getValue() + "\\d\\d .*")) {
                        missing.add(ROOT.relativize(file) + ": \"" + message + "\"");
                    }
                }
            }
        }
        assertTrue(calls > 40, "log calls found: " + calls);
        assertEquals(List.of(), missing, "log lines at INFO, WARNING or ERROR without an id of their module");
    }

    @Test
    void noIdIsUsedTwiceAndEveryIdIsExplainedInTheReadme() {
        Map<String, String> used = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (String module : MODULE_PART.keySet()) {
            for (Path file : sources(module)) {
                Matcher id = ID.matcher(read(file));
                while (id.find()) {
                    String previous = used.put(id.group(), ROOT.relativize(file).toString());
                    if (previous != null) {
                        twice.add(id.group() + " in " + previous + " and " + used.get(id.group()));
                    }
                }
            }
        }
        assertEquals(List.of(), twice, "ids used twice");

        Map<String, String> documented = readmeTable();
        Set<String> undocumented = new TreeSet<>(used.keySet());
        undocumented.removeAll(documented.keySet());
        assertEquals(Set.of(), undocumented, "ids in the code missing from the README's Log messages table");
        Set<String> stale = new TreeSet<>();
        documented.forEach((id, row) -> {
            if (!used.containsKey(id) && !row.contains("retired")) {
                stale.add(id);
            }
            if (used.containsKey(id) && row.contains("retired")) {
                stale.add(id + " (used but marked retired)");
            }
        });
        assertEquals(Set.of(), stale, "ids in the README the code no longer uses must say 'retired' and are never reused");
    }

    private static Map<String, String> readmeTable() {
        Map<String, String> rows = new TreeMap<>();
        boolean inSection = false;
        for (String line : read(ROOT.resolve("README.md")).split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Log messages");
            } else if (inSection) {
                Matcher row = TABLE_ROW.matcher(line);
                if (row.matches()) {
                    assertTrue(rows.put(row.group(1), row.group(2)) == null, "README lists " + row.group(1) + " twice");
                }
            }
        }
        assertTrue(rows.size() > 40, "README Log messages rows: " + rows.size());
        return rows;
    }

    private static List<Path> sources(String module) {
        Path dir = ROOT.resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("state-api"))) {
                return dir;
            }
        }
        throw new IllegalStateException("project root not found");
    }
}
