package org.statekeeper.jpa.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.StateSerializationException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.Versioned;
import org.statekeeper.core.Limits;
import org.statekeeper.testing.fuzz.Gen;

/**
 * Fuzzes the arguments of {@code update} and {@code compareAndSet} through the engine into the real JPA
 * log, over a key that is absent, present at some version, or deleted: functions that are null, throw,
 * return null, return what cannot be encoded or is too large; expected versions right, one off, zero,
 * negative and extreme. A call either makes exactly its documented change or fails with its documented
 * exception (the function's own one passing through unchanged) and leaves the key's events and value as
 * they were.
 */
class UpdateFuzzTest extends OnTheJpaLog {

    private static final String KEY = "fuzz:update";
    private static final Limits SMALL_VALUES = new Limits(Limits.DEFAULTS.maxKeyLength(), 64);

    /** What an update's function does. */
    enum Fn { NULL_FUNCTION, THROWS, RETURNS_NULL, UNENCODABLE, TOO_LARGE, APPENDS }

    /** The function's own failure, which must reach the caller unchanged. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("the function failed");
        }
    }

    /** Sets the key {@code versions} times, then deletes it when asked: absent (0), present, or deleted. */
    private static long prepare(StateManager engine, int versions, boolean deleted) {
        for (int i = 1; i <= versions; i++) {
            engine.set(KEY, "v" + i);
        }
        if (versions > 0 && deleted) {
            engine.delete(KEY);
            return versions + 1;
        }
        return versions;
    }

    private static final Gen<Integer> VERSIONS = Gen.ints(0, 3);
    private static final Gen<Boolean> BOOLEANS = Gen.of(false, true);

    /** An update over a key of {@code versions} versions, deleted or not. */
    record UpdateCase(int versions, boolean deleted, Fn fn) {
    }

    @Test
    void anUpdateMakesItsChangeOrFailsAsDocumentedLeavingTheKeyAsItWas() {
        Gen<Fn> fns = Gen.of(Fn.values());
        check("UpdateFuzzTest.anUpdateMakesItsChangeOrFailsAsDocumentedLeavingTheKeyAsItWas",
                random -> new UpdateCase(VERSIONS.next(random), BOOLEANS.next(random), fns.next(random)),
                c -> {
                    update(c.versions(), c.deleted(), c.fn());
                    return c.fn().toString();
                });
    }

    private void update(int versions, boolean deleted, Fn fn) {
        StateManager engine = fuzz.engine(SMALL_VALUES, Clock.systemUTC());
        long version = prepare(engine, versions, deleted);
        boolean present = versions > 0 && !deleted;
        String before = fuzz.snapshot(KEY);
        UnaryOperator<String> function = switch (fn) {
            case NULL_FUNCTION -> null;
            case THROWS -> v -> {
                throw new Boom();
            };
            case RETURNS_NULL -> v -> null;
            case UNENCODABLE, TOO_LARGE, APPENDS -> v -> (v == null ? "" : v) + "+";
        };
        switch (fn) {
            case NULL_FUNCTION -> {
                InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                        () -> engine.update(KEY, String.class, function));
                assertEquals(KEY, e.getKey());
                assertEquals("fn", e.argument());
            }
            case THROWS -> assertThrows(Boom.class, () -> engine.update(KEY, String.class, function));
            case UNENCODABLE -> assertThrows(StateSerializationException.class,
                    () -> engine.update(KEY, Object.class, v -> new ValuesFuzzTest.Throwing()));
            case TOO_LARGE -> assertThrows(ValueTooLargeException.class,
                    () -> engine.update(KEY, String.class, v -> "x".repeat(100)));
            case RETURNS_NULL -> {
                assertEquals(null, engine.update(KEY, String.class, function));
                if (present) {
                    assertEquals(Optional.empty(), engine.get(KEY, String.class));
                    assertEquals(version + 1, fuzz.db.events(KEY).size(), "one DELETE");
                    return;
                }
            }
            case APPENDS -> {
                String expected = (present ? "v" + versions : "") + "+";
                assertEquals(expected, engine.update(KEY, String.class, function));
                assertEquals(new Versioned<>(expected, version + 1), engine.getVersioned(KEY, String.class).orElseThrow());
                return;
            }
        }
        assertEquals(before, fuzz.snapshot(KEY), "a failed or empty update changed the key");
    }

    /** A compare-and-set over a key of {@code versions} versions, deleted or not, in a transaction or not. */
    record CasCase(int versions, boolean deleted, long offset, boolean inTransaction) {
    }

    @Test
    void aCompareAndSetSucceedsExactlyAtTheCurrentVersionAndOtherwiseConflictsWithoutWriting() {
        Gen<Long> offsets = expected();
        check("UpdateFuzzTest.aCompareAndSetSucceedsExactlyAtTheCurrentVersionAndOtherwiseConflictsWithoutWriting",
                random -> new CasCase(VERSIONS.next(random), BOOLEANS.next(random), offsets.next(random),
                        BOOLEANS.next(random)),
                c -> compareAndSet(c.versions(), c.deleted(), c.offset(), c.inTransaction()));
    }

    private String compareAndSet(int versions, boolean deleted, long offset, boolean inTransaction) {
        StateManager engine = fuzz.engine(SMALL_VALUES, Clock.systemUTC());
        long version = prepare(engine, versions, deleted);
        long current = versions > 0 && !deleted ? version : 0;
        // Offsets near zero are relative to the current version; the extremes stand for themselves.
        long expected = Math.abs(offset) > 10 ? offset : current + offset;
        String before = fuzz.snapshot(KEY);
        if (expected == current) {
            assertEquals(version + 1, call(inTransaction, () -> engine.compareAndSet(KEY, expected, "cas")));
            assertEquals(new Versioned<>("cas", version + 1), engine.getVersioned(KEY, String.class).orElseThrow());
            return "set";
        }
        StateConflictException e = assertThrows(StateConflictException.class,
                () -> call(inTransaction, () -> engine.compareAndSet(KEY, expected, "cas")));
        assertEquals(List.of(expected, current), List.of(e.getExpectedVersion(), e.getActualVersion()));
        assertSame(KEY, e.getKey());
        assertEquals(before, fuzz.snapshot(KEY), "a conflicting compare-and-set changed the key");
        if (versions == 0) {
            assertTrue(fuzz.db.heads().isEmpty() || inTransaction, "a head row was left for a key never written");
        }
        return "conflict";
    }

    private static long call(boolean inTransaction, java.util.function.LongSupplier work) {
        return inTransaction ? fuzz.tx.required(() -> work.getAsLong()) : work.getAsLong();
    }

    private static Gen<Long> expected() {
        return Gen.oneOf(Gen.longs(-3, 3),
                Gen.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_000L, Integer.MAX_VALUE + 1L, Long.MAX_VALUE));
    }
}
