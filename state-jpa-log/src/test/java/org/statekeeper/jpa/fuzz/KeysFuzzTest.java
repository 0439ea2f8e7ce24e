package org.statekeeper.jpa.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.KeyInfo;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;
import org.statekeeper.core.Limits;
import org.statekeeper.testing.fuzz.Gen;
import org.statekeeper.testing.fuzz.OddText;

/**
 * Fuzzes keys through the engine into the real JPA log: unicode of every plane, control characters,
 * lone and paired surrogates, whitespace of every script, the characters a prefix listing treats
 * specially, lengths at and around every key-length limit (and the log's column). A key the rules accept
 * comes back exactly from every read (value, version, history, listing by any prefix of it) and from the
 * log's own rows; a key they reject fails every call with an {@link InvalidKeyException} carrying it, and
 * the log holds no row at all afterwards.
 */
class KeysFuzzTest extends OnTheJpaLog {

    /** A key to try under an engine whose longest key is {@code maxKeyLength}. */
    record KeyCase(int maxKeyLength, String key) {
        @Override
        public String toString() {
            return "max " + maxKeyLength + ", " + (key == null ? "" : key.length() + " chars ") + OddText.escape(key);
        }
    }

    private final Clock clock = Clock.systemUTC();

    /** The rules, said independently of the code under test: code points, not code units. */
    private static boolean acceptable(KeyCase c) {
        String key = c.key();
        return key != null && !key.isEmpty() && key.length() <= c.maxKeyLength()
                && key.codePoints().noneMatch(cp -> Character.isISOControl(cp) || (cp >= 0xD800 && cp <= 0xDFFF));
    }

    @Test
    void anAcceptedKeyRoundTripsExactlyAndARejectedOneWritesNothing() {
        check("KeysFuzzTest.anAcceptedKeyRoundTripsExactlyAndARejectedOneWritesNothing", keyCases(), c -> {
            StateManager engine = fuzz.engine(new Limits(c.maxKeyLength(), Limits.DEFAULTS.maxValueBytes()), clock);
            boolean accepted = acceptable(c);
            if (accepted) {
                roundTrips(engine, fuzz.audit(clock), c.key());
            } else {
                rejectedEverywhere(engine, c);
            }
            return (accepted ? "accepted" : "rejected") + (c.key() == null ? " null"
                    : c.key().length() <= c.maxKeyLength() ? " within the limit" : " beyond the limit");
        });
    }

    private void roundTrips(StateManager engine, StateAudit audit, String key) {
        String value = "value of " + key;
        assertEquals(1, engine.set(key, value));
        assertEquals(2, engine.compareAndSet(key, 1, value + "!"));
        assertEquals(new Versioned<>(value + "!", 2L), engine.getVersioned(key, String.class).orElseThrow());
        assertEquals(List.of(OddText.escape(key)), fuzz.db.heads().stream().map(h -> OddText.escape(h.key())).toList(),
                "the one head row's key, as the database holds it");

        List<StateEvent> history = audit.history(key, 0, 10);
        assertEquals(List.of(2L, 1L), history.stream().map(StateEvent::version).toList());
        assertTrue(history.stream().allMatch(e -> e.key().equals(key)), () -> "history: " + history);
        for (String prefix : new java.util.LinkedHashSet<>(List.of(key.substring(0, key.length() / 2), key))) {
            assertEquals(List.of(key), audit.keys(prefix, null, 10).stream().map(KeyInfo::key).toList(),
                    () -> "listing by prefix " + OddText.escape(prefix));
        }

        assertTrue(engine.delete(key));
        assertEquals(Optional.empty(), engine.get(key, String.class));
        assertEquals(List.of(1L, 2L, 3L), fuzz.db.events(key).stream().map(e -> e.version()).toList(),
                "the events, found by the exact key");
    }

    private void rejectedEverywhere(StateManager engine, KeyCase c) {
        String key = c.key();
        Map<String, Object> batch = new HashMap<>();
        batch.put("f", 1); // valid under every limit tried: the bad key alone must fail the batch
        batch.put(key, 2);
        List<Function<StateManager, Object>> calls = List.of(
                m -> m.set(key, "v"),
                m -> m.set(key, "v", Duration.ofSeconds(5)),
                m -> m.setAll(batch),
                m -> m.compareAndSet(key, 0, "v"),
                m -> m.compareAndSet(key, 7, "v"),
                m -> m.update(key, String.class, v -> "v"),
                m -> m.delete(key),
                m -> m.get(key, String.class),
                m -> m.get(key, String.class, "default"),
                m -> m.get(key, (java.lang.reflect.Type) String.class),
                m -> m.getVersioned(key, String.class));
        for (Function<StateManager, Object> call : calls) {
            InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> call.apply(engine), () -> "key " + c);
            assertEquals(OddText.escape(key), OddText.escape(e.getKey()), () -> "the exception's key, " + c);
        }
        fuzz.assertNothingWritten(c);
    }

    private static Gen<KeyCase> keyCases() {
        return Gen.of(1, 7, Limits.DEFAULTS.maxKeyLength(), Limits.KEY_COLUMN_LENGTH).flatMap(max -> {
            Gen<String> key = Gen.frequency(
                    new Gen.Weighted<>(1, Gen.of((String) null)),
                    new Gen.Weighted<>(1, Gen.of("")),
                    new Gen.Weighted<>(12, OddText.ofLengths(List.of(1, 2, max - 1, max, max + 1).stream()
                            .filter(n -> n > 0).toList())),
                    new Gen.Weighted<>(12, OddText.upTo(Math.min(max + 1, 24))),
                    new Gen.Weighted<>(4, OddText.ofLengths(List.of(max + 2, 2 * max, Limits.KEY_COLUMN_LENGTH + 1))));
            return key.map(k -> new KeyCase(max, k));
        });
    }

    /** Keys to list and a prefix to list them by. */
    record Listing(Set<String> keys, String prefix) {
        @Override
        public String toString() {
            return "keys " + keys.stream().map(OddText::escape).toList() + ", prefix " + OddText.escape(prefix);
        }
    }

    @Test
    void aPrefixListingMatchesItsPrefixLiterally() {
        Gen<Set<String>> keys = listingText(1, 5).set(1, 8);
        Gen<String> prefixes = listingText(0, 3);
        check("KeysFuzzTest.aPrefixListingMatchesItsPrefixLiterally",
                random -> new Listing(keys.next(random), prefixes.next(random)),
                listing -> listsLiterally(listing.keys(), listing.prefix()));
    }

    private String listsLiterally(Set<String> keys, String prefix) {
        StateManager engine = fuzz.engine(Limits.DEFAULTS, clock);
        Map<String, Object> values = new HashMap<>();
        keys.forEach(k -> values.put(k, k));
        engine.setAll(values);
        List<String> expected = keys.stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        StateAudit audit = fuzz.audit(clock);
        assertEquals(expected, audit.keys(prefix, null, StateAudit.MAX_KEYS_PAGE).stream().map(KeyInfo::key).toList());
        // Paged three at a time after the last key of each page: the same keys, in the same order.
        List<String> paged = new java.util.ArrayList<>();
        String after = null;
        List<KeyInfo> page;
        while (!(page = audit.keys(prefix, after, 3)).isEmpty()) {
            page.forEach(k -> paged.add(k.key()));
            after = page.get(page.size() - 1).key();
        }
        assertEquals(expected, paged, "paged");
        return expected.isEmpty() ? "none listed" : expected.size() == keys.size() ? "all listed" : "some listed";
    }

    /** Text of the characters a listing treats specially, so that prefixes collide with wildcards often. */
    private static Gen<String> listingText(int min, int max) {
        Gen<Integer> chars = Gen.of(("ab" + OddText.LISTING_CHARACTERS).chars().boxed().toArray(Integer[]::new));
        return Gen.ints(min, max).flatMap(length -> Gen.text(chars, length));
    }
}
