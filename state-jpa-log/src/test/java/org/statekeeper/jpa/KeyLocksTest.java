package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateException;

/** This node's writer queue per key: order, hand-over, deadlock detection, release from any thread. */
class KeyLocksTest {

    private final KeyLocks locks = new KeyLocks(Duration.ofSeconds(30));

    @Test
    void waitersGetTheKeyInArrivalOrderEachOnlyOnceTheOneBeforeHasReleasedIt() throws Exception {
        Object first = "tx-1";
        locks.acquire("k", first);
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> second = waiter("k", "tx-2", order);
        awaitWaiting(1);
        CompletableFuture<Void> third = waiter("k", "tx-3", order);
        awaitWaiting(2);
        assertFalse(second.isDone());

        locks.releaseAll(first);
        second.get(10, TimeUnit.SECONDS);
        assertFalse(third.isDone(), "the third waits for the second, not for the first");
        locks.releaseAll("tx-2");
        third.get(10, TimeUnit.SECONDS);
        locks.releaseAll("tx-3");

        assertEquals(List.of("tx-2", "tx-3"), order);
        assertEquals(0, locks.held(), "no key is left held once every owner has released");
    }

    @Test
    void anOwnerTakesAKeyItHoldsAgainWithoutWaitingAndOneReleaseFreesEverything() {
        locks.acquire("a", "tx");
        locks.acquire("a", "tx");
        locks.acquire("b", "tx");
        assertEquals(2, locks.held());
        locks.releaseAll("tx");
        assertEquals(0, locks.held());
    }

    @Test
    void twoOwnersWaitingForEachOthersKeyFailTheLaterOneAtOnceNamingTheKey() throws Exception {
        locks.acquire("a", "tx-1");
        locks.acquire("b", "tx-2");
        CompletableFuture<Void> firstWaits = CompletableFuture.runAsync(() -> locks.acquire("b", "tx-1"));
        awaitWaiting(1);

        StateException deadlock = assertThrows(StateException.class, () -> locks.acquire("a", "tx-2"));
        assertEquals("a", deadlock.getKey());
        assertTrue(deadlock.getMessage().contains("deadlock"), deadlock.getMessage());
        locks.releaseAll("tx-2");
        firstWaits.get(10, TimeUnit.SECONDS);
        locks.releaseAll("tx-1");
        assertEquals(0, locks.held());
    }

    @Test
    void aKeyHeldPastThePatienceFailsTheWaiterNamingTheKeyAndLeavesItWithItsOwner() {
        KeyLocks impatient = new KeyLocks(Duration.ofMillis(50));
        impatient.acquire("k", "owner");
        StateException timedOut = assertThrows(StateException.class, () -> impatient.acquire("k", "waiter"));
        assertEquals("k", timedOut.getKey());
        impatient.releaseAll("waiter");
        assertEquals(1, impatient.held());
        impatient.releaseAll("owner");
        assertEquals(0, impatient.held());
    }

    private CompletableFuture<Void> waiter(String key, String owner, List<String> order) {
        return CompletableFuture.runAsync(() -> {
            locks.acquire(key, owner);
            order.add(owner);
        });
    }

    /** Waits until {@code n} owners are queued: the condition, not a guess at how long it takes. */
    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (locks.waiting() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + n + " waiters");
            }
            Thread.sleep(5);
        }
    }
}
