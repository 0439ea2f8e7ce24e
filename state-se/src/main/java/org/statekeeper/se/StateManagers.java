package org.statekeeper.se;

import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.StateChanged;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.jpa.StateEventEntity;
import org.statekeeper.jpa.StateHeadEntity;
import org.statekeeper.spi.StateCodec;

/**
 * Builds a {@link StatekeeperSe}: a {@link org.statekeeper.StateManager} outside a container, for
 * command-line tools, batch jobs, services without an application server and unit tests.
 *
 * <pre>{@code
 * EntityManagerFactory emf = Persistence.createEntityManagerFactory("app"); // RESOURCE_LOCAL
 * try (StatekeeperSe se = StateManagers.builder()
 *         .entityManagerFactory(emf)
 *         .property("state.redis.uri", "redis://127.0.0.1:6379") // needs org.statekeeper:state-redis
 *         .build()) {
 *     StateManager state = se.manager();
 *     state.set("greeting", "hello");
 * }
 * }</pre>
 *
 * <p>The persistence unit must be {@code RESOURCE_LOCAL} and list
 * {@code org.statekeeper.jpa.StateEventEntity} and {@code org.statekeeper.jpa.StateHeadEntity};
 * the JPA provider (Hibernate ORM, EclipseLink) is the application's. Configuration uses the
 * container's property names and rules ({@code state.*}, see the README); the runtime is the one the
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

        private static final String ENTITIES = "org.statekeeper.jpa.StateEventEntity and org.statekeeper.jpa.StateHeadEntity";

        private EntityManagerFactory factory;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Supplier<String> principal = () -> "anonymous";
        private Consumer<StateChanged> onChange = change -> { };
        private StateCodec codec;
        private boolean maintenance = true;

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
         * Sets a configuration property, as MicroProfile Config gives it in a container: the same names,
         * defaults and rules (the README lists them), checked by {@link #build()}. For example
         * {@code state.redis.uri} (with {@code org.statekeeper:state-redis} on the class path) switches
         * to the Redis store, {@code state.max-value-bytes} bounds values.
         *
         * @param name the property, such as {@code state.redis.key-prefix}
         * @param value its value; null removes it
         * @return this builder
         */
        public Builder property(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                properties.remove(name);
            } else {
                properties.put(name, value);
            }
            return this;
        }

        /**
         * Uses a Redis store at {@code uri} ({@code state.redis.uri}); needs
         * {@code org.statekeeper:state-redis} on the class path. Its client is closed by
         * {@link StatekeeperSe#close()}.
         *
         * @param uri a {@code redis://}, {@code rediss://}, {@code redis-sentinel://} or cluster URI
         * @return this builder
         */
        public Builder redis(String uri) {
            properties.remove(StatekeeperSettings.STORE);
            return property("state.redis.uri", Objects.requireNonNull(uri, "uri"));
        }

        /**
         * Uses a store in this JVM's memory, loaded from the log at {@link #build()} (the default
         * without {@code state.redis.uri}; {@code state.store=memory}).
         *
         * @return this builder
         */
        public Builder inMemoryStore() {
            return property(StatekeeperSettings.STORE, "memory");
        }

        /**
         * Sets the id recorded in every event row of this node ({@code state.node-id}; default: the
         * host name).
         *
         * @param nodeId 1 to 128 printable characters, checked by {@link #build()}
         * @return this builder
         */
        public Builder nodeId(String nodeId) {
            return property(StatekeeperSettings.NODE_ID, Objects.requireNonNull(nodeId, "nodeId"));
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
         * Sets the observer called once per changed key after each commit, on the committing thread,
         * and for other nodes' changes on a thread of its own (see {@link #remoteChanges(boolean)}).
         * An exception it throws is logged; the commit stands, and other nodes have heard of the
         * change before it is called.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder onChange(Consumer<StateChanged> observer) {
            this.onChange = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Sets the codec (default: JSON-B).
         *
         * @param codec encodes and decodes values
         * @return this builder
         */
        public Builder codec(StateCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Keeps the log's events for {@code period} only ({@code state.log.retention} and
         * {@code state.log.retention.schedule}): every {@code schedule}, the maintenance thread deletes
         * older events in batches (never a key's latest event, so head rows and recovery keep the
         * current state) and removes deleted keys older than the period. Without it every event is kept.
         *
         * @param period how long events are kept, at least one minute (checked by {@link #build()})
         * @param schedule how long to wait between runs, at least one second (checked by {@link #build()})
         * @return this builder
         */
        public Builder logRetention(Duration period, Duration schedule) {
            property(StatekeeperSettings.LOG_RETENTION, period.toString());
            return property(StatekeeperSettings.LOG_RETENTION_SCHEDULE, schedule.toString());
        }

        /**
         * Sets how often a background thread heals the store (re-applies what failed to reach it,
         * rebuilds it when it lost everything) and logs expired keys as {@code EXPIRE}
         * ({@code state.heal.interval} and {@code state.expiry.sweep-interval}, default 1 s);
         * {@link Duration#ZERO} starts no thread, which leaves both to the application.
         *
         * @param interval the pause between two runs, zero for none, else from 50 ms to 10 minutes (the
         *        properties' range, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when {@code interval} is negative
         */
        public Builder maintenanceInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("maintenance interval must be zero or positive, was " + interval);
            }
            maintenance = !interval.isZero();
            if (maintenance) {
                property(StatekeeperSettings.HEAL_INTERVAL, interval.toString());
                property(StatekeeperSettings.SWEEP_INTERVAL, interval.toString());
            }
            return this;
        }

        /**
         * With a shared store (Redis), announces every committed change to the other nodes and delivers
         * theirs to {@link #onChange(Consumer)} with {@link StateChanged#remote()} {@code true}
         * ({@code state.change-feed}, default on, as in a container).
         *
         * @param enabled whether to publish and subscribe
         * @return this builder
         */
        public Builder remoteChanges(boolean enabled) {
            return property(StatekeeperSettings.CHANGE_FEED, enabled ? "on" : "off");
        }

        /**
         * Checks the configuration, assembles the runtime, loads the store from the log (a Redis store
         * that already holds a complete copy is kept) and starts the maintenance thread.
         *
         * @return the running instance; close it to release the store's client and the threads
         * @throws IllegalStateException when no entity manager factory was given
         * @throws IllegalArgumentException when the persistence unit does not manage the log's entities
         * @throws org.statekeeper.StateConfigurationException naming the property when a value is wrong
         *         or the store's module is missing
         */
        public StatekeeperSe build() {
            StatekeeperSettings settings = StatekeeperSettings.read(properties);
            if (factory == null) {
                throw new IllegalStateException("entityManagerFactory(...) is required: a RESOURCE_LOCAL unit listing "
                        + ENTITIES);
            }
            checkEntities();
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return StatekeeperSe.start(settings, factory, principal, onChange, codec != null ? codec : new JsonbCodec(),
                    context != null ? context : StateManagers.class.getClassLoader(), maintenance);
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
    }
}
