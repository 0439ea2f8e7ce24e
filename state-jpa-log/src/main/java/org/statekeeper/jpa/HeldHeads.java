package org.statekeeper.jpa;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;

/**
 * The head rows one transaction holds locked. A row is held either as the managed entity its locking
 * read returned (changes move the entity; the provider writes it at flush) or, when a conditional
 * bulk {@code UPDATE} both locked and moved it, as the head that update wrote (later changes in the
 * transaction are bulk updates too: no managed entity of that row is kept).
 */
final class HeldHeads {

    private static final class Held {
        final StateHeadEntity entity;
        Head moved;

        Held(StateHeadEntity entity, Head moved) {
            this.entity = entity;
            this.moved = moved;
        }

        Head head() {
            return entity != null ? entity.toHead() : moved;
        }
    }

    private final KeyLocks.Owner owner = new KeyLocks.Owner();
    private final Map<String, Held> held = new HashMap<>();
    /** The keys whose head rows were created for this transaction. */
    private final java.util.Set<String> created = new java.util.HashSet<>();
    /** Events persisted and not yet flushed, by key. */
    private final Map<String, StateEventEntity> unflushed = new HashMap<>();

    /** Records that the head rows of {@code keys} were created for this transaction. */
    void created(java.util.Collection<String> keys) {
        created.addAll(keys);
    }

    /**
     * Returns the keys whose rows were created for this transaction and which it did not move, or, when
     * it rolled back ({@code committed} false), every key whose row it created: rows left at version 0.
     */
    java.util.List<String> unused(boolean committed) {
        return created.stream().filter(k -> !committed || !held.containsKey(k) || held.get(k).head().version() == 0)
                .sorted().toList();
    }

    /** Returns this transaction as an owner of keys in the node's queue. */
    KeyLocks.Owner owner() {
        return owner;
    }

    boolean contains(String key) {
        return held.containsKey(key);
    }

    /** Returns the key's current head in this transaction, or null when the key is not held. */
    Head head(String key) {
        Held h = held.get(key);
        return h == null ? null : h.head();
    }

    /** Returns the managed entity of a key held by a locking read, or null. */
    StateHeadEntity entity(String key) {
        Held h = held.get(key);
        return h == null ? null : h.entity;
    }

    void lockedEntity(String key, StateHeadEntity entity) {
        held.put(key, new Held(entity, null));
    }

    /** Records that a bulk update moved the key's row to {@code change}. */
    void moved(LoggedChange change) {
        Head head = new Head(change.key(), change.version(), change.json(), change.time(), change.expiresAt());
        Held h = held.get(change.key());
        if (h == null) {
            held.put(change.key(), new Held(null, head));
        } else {
            h.moved = head;
        }
    }

    /** Returns whether an event of the key was persisted since the last flush. */
    boolean hasUnflushedEvent(String key) {
        return unflushed.containsKey(key);
    }

    void persisted(String key, StateEventEntity event) {
        unflushed.put(key, event);
    }

    /** Returns the key of one event not yet flushed, or null: the key a failed flush is reported under. */
    String firstUnflushedKey() {
        return unflushed.keySet().stream().sorted().findFirst().orElse(null);
    }

    /** Returns the events persisted since the last flush, and forgets them. */
    java.util.Collection<StateEventEntity> takeUnflushed() {
        java.util.List<StateEventEntity> events = java.util.List.copyOf(unflushed.values());
        unflushed.clear();
        return events;
    }

    void remove(String key) {
        held.remove(key);
    }

    /** Passes each held key with its version. */
    void forEachVersion(BiConsumer<String, Long> action) {
        held.forEach((key, h) -> action.accept(key, h.head().version()));
    }
}
