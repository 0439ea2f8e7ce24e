package org.statekeeper.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.Versioned;

/** One read of a key per change, shared by the connections sending it, never one older than the change. */
class SharedReadsTest {

    private final Map<String, Versioned<JsonValue>> state = new HashMap<>();
    private final List<String> sourceReads = new ArrayList<>();
    private final SharedReads reads = new SharedReads(key -> {
        synchronized (sourceReads) {
            sourceReads.add(key);
        }
        return Optional.ofNullable(state.get(key));
    });

    private void set(String key, long version) {
        state.put(key, new Versioned<>(Json.createValue("v" + version), version));
    }

    @Test
    void everyConnectionSendingOneChangeIsServedByOneRead() {
        set("k", 3);
        for (int connection = 0; connection < 100; connection++) {
            assertEquals(3L, reads.read("k", 3).orElseThrow().version());
        }
        assertEquals(List.of("k"), sourceReads);
    }

    @Test
    void aNewerChangeIsReadAnew() {
        set("k", 3);
        reads.read("k", 3);
        set("k", 4);
        assertEquals(4L, reads.read("k", 4).orElseThrow().version());
        assertEquals(4L, reads.read("k", 3).orElseThrow().version(), "an older change is served the newer read");
        assertEquals(List.of("k", "k"), sourceReads);
    }

    @Test
    void aReadBehindTheChangeIsNotReusedForIt() {
        set("k", 2); // the store has not got version 3 yet
        assertEquals(2L, reads.read("k", 3).orElseThrow().version());
        set("k", 3);
        assertEquals(3L, reads.read("k", 3).orElseThrow().version(), "the retry reads again");
        assertEquals(2, sourceReads.size());
    }

    @Test
    void anAbsentKeyIsReadAgainAndAResyncAlwaysReads() {
        reads.read("gone", 5);
        reads.read("gone", 5);
        set("k", 1);
        reads.read("k", 0);
        reads.read("k", 0);
        assertEquals(List.of("gone", "gone", "k", "k"), sourceReads);
    }

    @Test
    void aFailedReadFailsItsCallerAndIsNotKept() {
        SharedReads failing = new SharedReads(key -> {
            throw new IllegalStateException("store down");
        });
        assertThrows(IllegalStateException.class, () -> failing.read("k", 1));
        assertEquals(0, failing.kept());
    }

    @Test
    void connectionsAskingWhileTheReadIsInFlightWaitForItInsteadOfReading() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowReads = new ArrayList<>();
        SharedReads slow = new SharedReads(key -> {
            synchronized (slowReads) {
                slowReads.add(key);
            }
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(new Versioned<>(JsonValue.TRUE, 7));
        });
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> slow.read("k", 7).orElseThrow().version());
        assertEquals(true, reading.await(10, TimeUnit.SECONDS));
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> slow.read("k", 6).orElseThrow().version());
        release.countDown();
        assertEquals(7L, first.get(10, TimeUnit.SECONDS));
        assertEquals(7L, second.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("k"), slowReads);
    }
}
