package org.statekeeper.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.statekeeper.spi.StateStore;

/**
 * An engine on the in-test fakes whose clock and caller a test sets before each write, so events
 * can be given any time (old enough for retention, or one microsecond for ordering) and principal.
 */
final class TimedFixture {

    /** A clock that stands still until moved. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00.000000Z");
    static final String NODE = "node-t";

    final MutableClock clock = new MutableClock(NOW);
    final AtomicReference<String> principal = new AtomicReference<>("alice");
    final FakeTransactions tx = new FakeTransactions();
    final FakeEventLog log = new FakeEventLog(tx);
    final StateStore store;
    final StateEngine engine;

    TimedFixture() {
        this(new SwitchableStore());
    }

    TimedFixture(StateStore store) {
        this.store = store;
        engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                principal::get, NODE, change -> { }, clock));
        engine.storeSync().heal();
    }

    /** Makes the following writes happen {@code age} before {@link #NOW}. */
    TimedFixture at(Duration age) {
        clock.set(NOW.minus(age));
        return this;
    }
}
