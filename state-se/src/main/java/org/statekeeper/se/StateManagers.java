package org.statekeeper.se;

import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.StateChanged;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.EventLogAudit;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.Recovery;
import org.statekeeper.core.RetentionJob;
import org.statekeeper.core.StateEngine;
import org.statekeeper.jpa.H2Durability;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.jpa.LocalTransactions;
import org.statekeeper.jpa.StateEventEntity;
import org.statekeeper.jpa.StateHeadEntity;
import org.statekeeper.redis.RedisSettings;
import org.statekeeper.redis.RedisStateStore;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;

/**
 * Builds a {@link StatekeeperSe}: a {@link org.statekeeper.StateManager} outside a container, for
 * command-line tools, batch jobs, services without an application server and unit tests.
 *
 * <pre>{@code
 * EntityManagerFactory emf = Persistence.createEntityManagerFactory("app"); // RESOURCE_LOCAL
 * try (StatekeeperSe se = StateManagers.builder()
 *         .entityManagerFactory(emf)
 *         .redis(new RedisSettings("redis://127.0.0.1:6379"))
 *         .build()) {
 *     StateManager state = se.manager();
 *     state.set("greeting", "hello");
 * }
 * }</pre>
 *
 * <p>The persistence unit must be {@code RESOURCE_LOCAL} and list
 * {@code org.statekeeper.jpa.StateEventEntity} and {@code org.statekeeper.jpa.StateHeadEntity};
 * the JPA provider (Hibernate ORM, EclipseLink) is the application's. The engine is the one the
 * container runs: each change is logged in the caller's transaction (see
 * {@link StatekeeperSe#inTransaction(Supplier)}) or in one it starts, and the store is written after
 * commit, before the committing call returns.
 */
public final class StateManagers {

    private StateManagers() {
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the in-memory store, the default limits and no change observer
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a {@link StatekeeperSe}; not thread safe, build once. */
    public static final class Builder {

        private static final System.Logger LOG = System.getLogger(StatekeeperSe.class.getName());
        private static final String ENTITIES = "org.statekeeper.jpa.StateEventEntity and org.statekeeper.jpa.StateHeadEntity";

        private EntityManagerFactory factory;
        private RedisSettings redis;
        private String nodeId;
        private Supplier<String> principal = () -> "anonymous";
        private Limits limits = Limits.DEFAULTS;
        private Consumer<StateChanged> onChange = change -> { };
        private StateCodec codec;
        private Duration maintenanceInterval = Duration.ofSeconds(1);
        private boolean remoteChanges;
        private Duration retention;
        private Duration retentionSchedule = Duration.ofHours(1);

        private Builder() {
        }

        /**
         * Sets the resource-local persistence unit the log is written through (required). It is not
         * closed by {@link StatekeeperSe#close()}: the application created it and may use it further.
         *
         * @param factory a factory of a {@code RESOURCE_LOCAL} unit listing the two log entities
         * @return this builder
         */
        public Builder entityManagerFactory(EntityManagerFactory factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Uses a Redis store (replacing an earlier {@link #inMemoryStore()}); its Lettuce client is
         * closed by {@link StatekeeperSe#close()}.
         *
         * @param settings where Redis is and which key prefix to use
         * @return this builder
         */
        public Builder redis(RedisSettings settings) {
            this.redis = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Uses a store in this JVM's memory, loaded from the log at {@link #build()} (the default;
         * replaces an earlier {@link #redis(RedisSettings)}).
         *
         * @return this builder
         */
        public Builder inMemoryStore() {
            this.redis = null;
            return this;
        }

        /**
         * Sets the id recorded in every event row of this node (default: the host name).
         *
         * @param nodeId 1 to 128 printable characters
         * @return this builder
         * @throws IllegalArgumentException when {@code nodeId} is empty, too long or holds control characters
         */
        public Builder nodeId(String nodeId) {
            if (nodeId == null || nodeId.isEmpty() || nodeId.length() > 128
                    || nodeId.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("node id must be 1 to 128 printable characters, was " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Sets who is recorded as the author of each change (default: {@code anonymous}); called on
         * the writing thread for every change.
         *
         * @param principal supplies the current user's name
         * @return this builder
         */
        public Builder principal(Supplier<String> principal) {
            this.principal = Objects.requireNonNull(principal, "principal");
            return this;
        }

        /**
         * Sets the key and value size limits (default {@link Limits#DEFAULTS}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the observer called once per changed key after each commit, on the committing thread
         * (and, with {@link #remoteChanges(boolean)}, for other nodes' changes on a thread of its own).
         * An exception it throws is logged; the commit stands.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder onChange(Consumer<StateChanged> observer) {
            this.onChange = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Sets the codec (default: JSON-B through {@link JsonbCodec}).
         *
         * @param codec encodes and decodes values
         * @return this builder
         */
        public Builder codec(StateCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Keeps the log's events for {@code period} only: every {@code schedule}, the maintenance thread
         * deletes older events in batches (never a key's latest event, so head rows and recovery keep
         * the current state) and removes deleted keys older than the period, as
         * {@code state.log.retention} does in a container. Without it every event is kept.
         *
         * @param period how long events are kept, at least one minute
         * @param schedule how long to wait between runs, at least one second
         * @return this builder
         * @throws IllegalArgumentException when a duration is below its minimum
         */
        public Builder logRetention(Duration period, Duration schedule) {
            if (period.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("log retention must be at least one minute, was " + period);
            }
            if (schedule.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("log retention schedule must be at least one second, was " + schedule);
            }
            this.retention = period;
            this.retentionSchedule = schedule;
            return this;
        }

        /**
         * Sets how often a background thread heals the store (re-applies what failed to reach it,
         * rebuilds it when it lost everything) and logs expired keys as {@code EXPIRE} (default 1 s);
         * {@link Duration#ZERO} starts no thread, which leaves both to the application.
         *
         * @param interval the pause between two runs, zero for none
         * @return this builder
         * @throws IllegalArgumentException when {@code interval} is negative
         */
        public Builder maintenanceInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("maintenance interval must be zero or positive, was " + interval);
            }
            this.maintenanceInterval = interval;
            return this;
        }

        /**
         * With a Redis store, announces every committed change on the store's change channel and
         * delivers other nodes' announcements to {@link #onChange(Consumer)} with
         * {@link StateChanged#remote()} {@code true} (default off: one more Redis command per change).
         *
         * @param enabled whether to publish and subscribe
         * @return this builder
         */
        public Builder remoteChanges(boolean enabled) {
            this.remoteChanges = enabled;
            return this;
        }

        /**
         * Assembles the engine, loads the store from the log (a Redis store that already holds a
         * complete copy is kept) and starts the maintenance thread.
         *
         * @return the running instance; close it to release Redis and the thread
         * @throws IllegalStateException when no entity manager factory was given
         * @throws IllegalArgumentException when the persistence unit does not manage the log's entities
         */
        public StatekeeperSe build() {
            if (factory == null) {
                throw new IllegalStateException("entityManagerFactory(...) is required: a RESOURCE_LOCAL unit listing "
                        + ENTITIES);
            }
            checkEntities();
            LocalTransactions transactions = new LocalTransactions(factory);
            try {
                transactions.requiresNew(() -> H2Durability.ensure(transactions.entityManager()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not check or set the log database's durability: " + e);
            }
            RedisStateStore redisStore = redis == null ? null : new RedisStateStore(redis);
            ChangeRelay relay = new ChangeRelay(onChange);
            try {
                StateStore store = redisStore != null ? redisStore : new InMemoryStateStore();
                JpaEventLog log = new JpaEventLog(transactions::entityManager, transactions);
                String node = nodeId != null ? nodeId : hostName();
                EngineParts parts = new EngineParts(store, log, codec != null ? codec : new JsonbCodec(),
                        transactions, limits, principal, node, relay, Clock.systemUTC());
                StateEngine engine = new StateEngine(parts);
                if (redisStore != null && remoteChanges) {
                    relay.connect(redisStore, node + "#" + UUID.randomUUID().toString().substring(0, 8));
                }
                engine.storeSync().heal();
                RetentionJob retentionJob = retention == null ? null : new RetentionJob(log, store, transactions, retention);
                return new StatekeeperSe(new StatekeeperSe.Parts(engine, new Recovery(engine, parts),
                        new EventLogAudit(log, transactions), retentionJob, retentionSchedule), transactions, log,
                        redisStore, relay, maintenanceInterval);
            } catch (RuntimeException | Error e) {
                relay.close();
                if (redisStore != null) {
                    redisStore.close();
                }
                throw e;
            }
        }

        private void checkEntities() {
            for (Class<?> entity : new Class<?>[] {StateEventEntity.class, StateHeadEntity.class}) {
                try {
                    factory.getMetamodel().entity(entity);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The persistence unit does not manage " + entity.getName()
                            + ": list " + ENTITIES + " as <class> elements of your RESOURCE_LOCAL unit", e);
                }
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "node-" + UUID.randomUUID();
            }
        }
    }
}
