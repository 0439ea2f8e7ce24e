package org.statekeeper.jpa.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.StateManager;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StateEngine;
import org.statekeeper.jpa.AuditRetentionContract.MutableClock;
import org.statekeeper.spi.Head;
import org.statekeeper.testing.fuzz.Gen;

/**
 * Fuzzes times to live and instants through the engine into the real JPA log, at and beyond every bound:
 * null, zero, negative, one nanosecond, sub-microsecond, {@link StateManager#MAX_TTL} and a nanosecond past
 * it, {@code Duration.ofDays(Integer.MAX_VALUE)}, {@code Long.MAX_VALUE} seconds. A time to live outside
 * (0, MAX_TTL] fails with {@link InvalidArgumentException} naming the key and {@code ttl} (as {@code set} documents) before anything is
 * written, even over an existing key; one inside is accepted, the value is read until its expiry and not
 * from then on, the log and the store agree on that expiry, and the sweep logs its {@code EXPIRE}. Audit
 * queries from any instant answer or refuse by name.
 */
class DurationsFuzzTest extends OnTheJpaLog {

    /** Nanoseconds on purpose: the engine keeps microseconds, so rounding shows. */
    private static final Instant START = Instant.parse("2024-05-01T10:15:30.123456789Z");
    private static final String KEY = "fuzz:ttl";

    /** A time to live to set, over an existing key or not. */
    record TtlCase(Duration ttl, boolean existing) {
    }

    @Test
    void aTimeToLiveOutOfRangeIsRefusedFirstAndOneInRangeExpiresExactlyThen() {
        Gen<Duration> ttls = ttls();
        Gen<Boolean> booleans = Gen.of(false, true);
        Gen<TtlCase> cases = random -> new TtlCase(ttls.next(random), booleans.next(random));
        check("DurationsFuzzTest.aTimeToLiveOutOfRangeIsRefusedFirstAndOneInRangeExpiresExactlyThen",
                cases.withEdges(ttls.edges().stream().map(t -> new TtlCase(t, true)).toList()),
                c -> setWithTtl(c.ttl(), c.existing()));
    }

    private String setWithTtl(Duration ttl, boolean existing) {
        MutableClock clock = clockAt(START);
        InMemoryStateStore store = new InMemoryStateStore(clock);
        StateEngine engine = fuzz.engine(Limits.DEFAULTS, clock, store);
        if (existing) {
            engine.set(KEY, "before");
        }
        boolean valid = ttl != null && ttl.compareTo(Duration.ZERO) > 0 && ttl.compareTo(StateManager.MAX_TTL) <= 0;
        if (!valid) {
            String before = fuzz.snapshot(KEY);
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> engine.set(KEY, "v", ttl));
            assertTrue(e.getMessage().contains(String.valueOf(ttl)), e.getMessage());
            assertEquals(KEY, e.getKey());
            assertEquals("ttl", e.argument());
            assertEquals(before, fuzz.snapshot(KEY), "a refused time to live changed the log");
            if (!existing) {
                fuzz.assertNothingWritten(ttl);
            }
            return "refused";
        }
        long version = engine.set(KEY, "v", ttl);
        Instant written = START.truncatedTo(ChronoUnit.MICROS);
        Head head = fuzz.tx.required(() -> fuzz.log.head(KEY)).orElseThrow();
        Instant expiry = head.expiresAt();
        // Kept in microseconds, never shorter than asked.
        assertTrue(!expiry.isBefore(written.plus(ttl)) && expiry.isBefore(written.plus(ttl).plusNanos(1000)),
                () -> "expires at " + expiry + " for " + ttl + " from " + written);
        assertEquals(Optional.of(expiry), store.getExpiring(KEY).map(v -> v.expiresAt()),
                "the store and the log disagree on the expiry");

        clock.now = expiry.minusNanos(1);
        assertEquals(Optional.of("v"), engine.get(KEY, String.class), "gone before its time");
        clock.now = expiry;
        assertEquals(Optional.empty(), engine.get(KEY, String.class), "read after its expiry");
        assertEquals(1, engine.expireDue(10));
        List<StateEvent> history = fuzz.audit(clock).history(KEY, 0, 1);
        assertEquals(List.of(version + 1), history.stream().map(StateEvent::version).toList());
        assertEquals(org.statekeeper.ChangeType.EXPIRE, history.get(0).type());
        return "accepted";
    }

    private static MutableClock clockAt(Instant now) {
        MutableClock clock = new MutableClock();
        clock.now = now;
        return clock;
    }

    private static Gen<Duration> ttls() {
        Duration max = StateManager.MAX_TTL;
        return Gen.frequency(
                new Gen.Weighted<>(6, Gen.of(null, Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-1),
                        Duration.ofSeconds(Long.MIN_VALUE), Duration.ofNanos(1), Duration.ofNanos(999),
                        Duration.ofNanos(1000), Duration.ofNanos(1001), Duration.ofMillis(1), Duration.ofSeconds(1),
                        max.minusNanos(1), max, max.plusNanos(1), max.plusDays(1), Duration.ofDays(Integer.MAX_VALUE),
                        Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))),
                new Gen.Weighted<>(3, Gen.longs(1, max.toNanos()).map(Duration::ofNanos)),
                new Gen.Weighted<>(1, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(Duration::ofSeconds)));
    }

    @Test
    void anAuditQueryFromAnyInstantAnswersOrRefusesByName() {
        check("DurationsFuzzTest.anAuditQueryFromAnyInstantAnswersOrRefusesByName", instants(), this::sinceAnswers);
    }

    private String sinceAnswers(Instant from) {
        StateAudit audit = fuzz.audit(clockAt(START));
        fuzz.engine(Limits.DEFAULTS, clockAt(START)).set(KEY, "v");
        try {
            List<StateEvent> events = audit.since(from, 10);
            boolean atOrBefore = !from.isAfter(START.truncatedTo(ChronoUnit.MICROS));
            assertEquals(atOrBefore ? 1 : 0, events.size(), () -> "events since " + from);
            return atOrBefore ? "answered, the event" : "answered, none";
        } catch (InvalidArgumentException e) {
            assertEquals("from", e.argument(), e.getMessage());
            return "refused";
        }
    }

    private static Gen<Instant> instants() {
        return Gen.frequency(
                new Gen.Weighted<>(1, Gen.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.EPOCH.minusNanos(1),
                        START, START.truncatedTo(ChronoUnit.MICROS), START.plusNanos(1), START.minusNanos(1),
                        Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000), Instant.ofEpochSecond(-Long.MAX_VALUE / 1_000_000),
                        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-9999-01-01T00:00:00Z"))),
                new Gen.Weighted<>(1, Gen.longs(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .map(Instant::ofEpochSecond)),
                new Gen.Weighted<>(1, Gen.longs(-1_000_000_000L, 1_000_000_000L).map(d -> START.plusNanos(d))));
    }
}
