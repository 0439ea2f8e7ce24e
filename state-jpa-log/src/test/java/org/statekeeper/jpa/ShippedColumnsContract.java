package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StateEngine;
import org.statekeeper.jpa.TestDatabase.EventRow;
import org.statekeeper.jpa.TestDatabase.HeadRow;
import org.statekeeper.spi.LoggedChange;

/**
 * What the shipped DDL's text columns must hold on every database. Hibernate's schema validation
 * compares column types only, never collations or capacities, so a schema it accepts can still
 * merge distinct keys or cut values. Mixed into {@link JpaEventLogContract}, so every database runs
 * it on that contract's fixture (fresh tables before each test).
 */
interface ShippedColumnsContract {

    TestDatabase database();

    StateEngine engine();

    /** The key's newest event as read back through the log and the JPA provider. */
    Optional<LoggedChange> latestLogged(String key);

    @Test
    default void keysDifferingOnlyInCaseStayDistinctKeys() {
        assertDistinctKeys("Cart:Alice", "cart:alice", "CART:ALICE");
    }

    @Test
    default void keysDifferingOnlyInAccentsInSymbolsOutsideTheBmpOrInTrailingSpacesStayDistinctKeys() {
        // Each group is one key under some common collation: accent-insensitive ones, one that
        // weighs every character outside the BMP alike (utf8mb4_general_ci), PAD SPACE ones (utf8mb4_bin).
        assertDistinctKeys("cafe", "café", "face:\uD83D\uDE00", "face:\uD83D\uDE01", "pad", "pad ", "pad  ");
    }

    @Test
    default void valueColumnHoldsAValueOfTheFullByteLimitInMultiByteCharacters() {
        // 4-byte characters (which need utf8mb4 on MariaDB) and 3-byte ones, topped up with ASCII to
        // exactly the byte limit: about 350 000 characters but 1 MiB of UTF-8.
        int budget = Limits.DEFAULTS.maxValueBytes() - 2 - 1024 * 4;
        String value = "\uD83D\uDE00".repeat(1024) + "\u20ac".repeat(budget / 3) + "x".repeat(budget % 3);
        String json = new JsonbCodec().encode("big:bytes", value);
        assertEquals(Limits.DEFAULTS.maxValueBytes(), json.getBytes(StandardCharsets.UTF_8).length,
                "the test value must sit exactly at the byte limit");

        assertStoredIntact("big:bytes", value, json);
    }

    @Test
    default void valueColumnHoldsAValueOfTheFullColumnLengthInCharacters() {
        // Only single-byte text can be this many characters and still pass the byte limit.
        String value = "x".repeat(Limits.VALUE_COLUMN_LENGTH - 2);
        String json = new JsonbCodec().encode("big:chars", value);
        assertEquals(Limits.VALUE_COLUMN_LENGTH, json.length(), "the test value must fill the column exactly");

        assertStoredIntact("big:chars", value, json);
    }

    private void assertStoredIntact(String key, String value, String json) {
        assertEquals(1, engine().set(key, value));

        // Compared by length first so a failure does not print a megabyte.
        String inHead = database().head(key).orElseThrow().json();
        assertEquals(json.length(), inHead.length(), "sk_head.value_json length");
        assertEquals(json, inHead, "sk_head.value_json");
        String inEvent = database().events(key).get(0).json();
        assertEquals(json.length(), inEvent.length(), "sk_event.value_json length");
        assertEquals(json, inEvent, "sk_event.value_json");
        assertEquals(json, latestLogged(key).orElseThrow().json(), "read back through JPA");
    }

    private void assertDistinctKeys(String... keys) {
        for (String key : keys) {
            assertEquals(1, engine().set(key, "value of " + key), () -> "'" + key + "' is a new key, so version 1");
        }

        Map<String, HeadRow> heads = database().heads().stream()
                .collect(Collectors.toMap(HeadRow::key, Function.identity()));
        assertEquals(Stream.of(keys).sorted().toList(), heads.keySet().stream().sorted().toList(),
                "one head row per key, each under its own exact key");
        for (String key : keys) {
            String json = "\"value of " + key + "\"";
            assertEquals(json, heads.get(key).json(), key);
            assertEquals(1, heads.get(key).version(), key);
            assertEquals(List.of(json), database().events(key).stream().map(EventRow::json).toList(),
                    () -> "the events found by '" + key + "'");
            LoggedChange logged = latestLogged(key).orElseThrow();
            assertEquals(key + "=" + json, logged.key() + "=" + logged.json(), "read back through JPA");
        }
    }
}
