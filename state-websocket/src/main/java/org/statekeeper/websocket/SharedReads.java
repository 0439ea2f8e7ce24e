package org.statekeeper.websocket;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.statekeeper.Versioned;

/**
 * One read of a key per change, shared by every connection that sends that change: a change to a key
 * a thousand pages follow is read once, not a thousand times. A read is shared with a request for
 * version {@code v} while it is in flight for a change at {@code v} or newer (it started after that
 * change was announced, and this node's reads never go back), or once it returned {@code v} or newer.
 * A read that returned nothing is not reused once done: a key created moments ago may not be in the
 * store yet, so "absent" says nothing about the version asked for.
 */
final class SharedReads {

    /**
     * Kept reads beyond which the map is emptied: an entry only matters for the burst of sends of one change,
     * and it holds a value (up to {@code state.max-value-bytes}), so few are kept.
     */
    static final int KEPT = 256;

    private final Function<String, Optional<Versioned<JsonValue>>> source;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    SharedReads(Function<String, Optional<Versioned<JsonValue>>> source) {
        this.source = source;
    }

    /** One read of a key, started for a change at {@code asked}. */
    private static final class Read {
        final long asked;
        final CompletableFuture<Optional<Versioned<JsonValue>>> result = new CompletableFuture<>();

        Read(long asked) {
            this.asked = asked;
        }

        boolean covers(long version) {
            if (!result.isDone()) {
                return asked >= version;
            }
            Optional<Versioned<JsonValue>> read = result.getNow(Optional.empty());
            return !result.isCompletedExceptionally() && read.isPresent() && read.get().version() >= version;
        }
    }

    /**
     * Returns the key's committed value and version as of a change at {@code version} or later; version 0
     * (the page resyncs) always reads anew.
     */
    Optional<Versioned<JsonValue>> read(String key, long version) {
        if (version <= 0) {
            return source.apply(key);
        }
        if (reads.size() > KEPT) {
            reads.clear();
        }
        Read mine = new Read(version);
        Read shared = reads.compute(key, (k, old) -> old != null && old.covers(version) ? old : mine);
        if (shared == mine) {
            try {
                mine.result.complete(source.apply(key));
            } catch (RuntimeException e) {
                reads.remove(key, mine);
                mine.result.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return shared.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** How many reads are kept now (for tests). */
    int kept() {
        return reads.size();
    }
}
