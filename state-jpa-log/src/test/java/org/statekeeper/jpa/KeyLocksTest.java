package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateException;

/** This node's writer queue per key: order, hand-over, deadlocks, owners ended from another thread. */
class KeyLocksTest {

    private final KeyLocks locks = new KeyLocks(Duration.ofSeconds(30));
    private final KeyLocks.Owner tx1 = new KeyLocks.Owner();
    private final KeyLocks.Owner tx2 = new KeyLocks.Owner();
    private final KeyLocks.Owner tx3 = new KeyLocks.Owner();

    @Test
    void waitersGetTheKeyInArrivalOrderEachOnlyOnceTheOneBeforeHasReleasedIt() throws Exception {
        locks.acquire("k", tx1);
        List<KeyLocks.Owner> order = new CopyOnWriteArrayList<>();
        // Keeps each waiter's thread alive once it holds the key, as a running transaction's thread is.
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> second = waiter("k", tx2, order, finish);
        awaitWaiting(1);
        CompletableFuture<Void> third = waiter("k", tx3, order, finish);
        awaitWaiting(2);
        assertEquals(List.of(), order);

        locks.releaseAll(tx1);
        awaitSize(order, 1);
        assertEquals(List.of(tx2), order);
        assertEquals(1, locks.waiting(), "the third waits for the second, not for the first");
        locks.releaseAll(tx2);
        awaitSize(order, 2);
        assertEquals(List.of(tx2, tx3), order);
        finish.countDown();
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        locks.releaseAll(tx3);
        assertEquals(0, locks.held(), "no key is left held once every owner has released");
    }

    @Test
    void anOwnerTakesAKeyItHoldsAgainWithoutWaitingAndOneReleaseFreesEverything() {
        locks.acquire("a", tx1);
        locks.acquire("a", tx1);
        locks.acquire("b", tx1);
        assertEquals(2, locks.held());
        locks.releaseAll(tx1);
        assertEquals(0, locks.held());
    }

    @Test
    void twoOwnersWaitingForEachOthersKeyFailTheLaterOneAtOnceNamingTheKey() throws Exception {
        CountDownLatch holdsA = new CountDownLatch(1);
        // Taken before the other thread starts: else it could take both keys first, and finish.
        locks.acquire("b", tx2);
        CompletableFuture<Void> first = async(() -> {
            locks.acquire("a", tx1);
            holdsA.countDown();
            locks.acquire("b", tx1); // waits for tx2
        });
        assertTrue(holdsA.await(10, TimeUnit.SECONDS));
        awaitWaiting(1);

        StateException deadlock = assertThrows(StateException.class, () -> locks.acquire("a", tx2));
        assertEquals("a", deadlock.getKey());
        assertTrue(deadlock.getMessage().contains("deadlock"), deadlock.getMessage());
        locks.releaseAll(tx2);
        first.get(10, TimeUnit.SECONDS);
        locks.releaseAll(tx1);
        assertEquals(0, locks.held());
    }

    @Test
    void aTransactionWaitingForAKeyItsOwnSuspendedTransactionHoldsFailsAtOnce() {
        locks.acquire("k", tx1);
        // tx2 runs on the same thread while tx1 is suspended (REQUIRES_NEW): it would wait for itself.
        StateException self = assertThrows(StateException.class, () -> locks.acquire("k", tx2));
        assertEquals("k", self.getKey());
        assertTrue(self.getMessage().contains("suspended"), self.getMessage());
        locks.releaseAll(tx2);
        locks.releaseAll(tx1);
        assertEquals(0, locks.held());
    }

    @Test
    void anOwnerEndedByAnotherThreadWhileItWaitsFailsAndIsNeverHandedTheKey() throws Exception {
        locks.acquire("k", tx1);
        CompletableFuture<Void> waits = async(() -> locks.acquire("k", tx2));
        awaitWaiting(1);

        locks.releaseAll(tx2); // a transaction timeout reaper ends tx2
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waits.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof StateException, failed.toString());
        assertThrows(StateException.class, () -> locks.acquire("other", tx2), "an ended owner takes no key");
        locks.releaseAll(tx1);
        assertEquals(0, locks.held(), "the key was not left with the ended owner");
    }

    @Test
    void aKeyHandedToAnInterruptedWaiterIsReleasedWithTheWaitersKeys() throws Exception {
        locks.acquire("k", tx1);
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        CompletableFuture<Void> waits = async(() -> {
            waiterThread.set(Thread.currentThread());
            locks.acquire("k", tx2);
        });
        awaitWaiting(1);
        waiterThread.get().interrupt();
        locks.releaseAll(tx1);
        try {
            waits.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException interrupted) {
            assertTrue(interrupted.getCause() instanceof StateException, interrupted.toString());
        }
        locks.releaseAll(tx2);
        assertEquals(0, locks.held(), "whether or not it woke to see it, the key went with the waiter's release");
    }

    @Test
    void aKeyWhoseHoldersThreadDiedWithoutEndingItsTransactionIsReleasedToTheWaiter() throws Exception {
        Thread dies = new Thread(() -> locks.acquire("k", tx1));
        dies.start();
        dies.join(10_000);
        assertFalse(dies.isAlive());

        async(() -> locks.acquire("k", tx2)).get(10, TimeUnit.SECONDS);
        locks.releaseAll(tx2);
        assertEquals(0, locks.held());
    }

    @Test
    void aKeyHeldPastThePatienceFailsTheWaiterNamingTheKeyAndLeavesItWithItsOwner() throws Exception {
        KeyLocks impatient = new KeyLocks(Duration.ofMillis(50));
        impatient.acquire("k", tx1);
        ExecutionException timedOut = assertThrows(ExecutionException.class,
                () -> async(() -> impatient.acquire("k", tx2)).get(10, TimeUnit.SECONDS));
        assertEquals("k", ((StateException) timedOut.getCause()).getKey());
        assertTrue(timedOut.getCause().getMessage().contains(Thread.currentThread().getName()),
                "names the holder's thread: " + timedOut.getCause().getMessage());
        impatient.releaseAll(tx2);
        assertEquals(1, impatient.held());
        impatient.releaseAll(tx1);
        assertEquals(0, impatient.held());
    }

    private CompletableFuture<Void> waiter(String key, KeyLocks.Owner owner, List<KeyLocks.Owner> order,
            CountDownLatch finish) {
        return async(() -> {
            locks.acquire(key, owner);
            order.add(owner);
            try {
                assertTrue(finish.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void awaitSize(List<?> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + n + " elements: " + list);
            }
            Thread.sleep(5);
        }
    }

    /** On a thread of its own: an owner's thread matters (a holder on the caller's thread is a suspended one). */
    private static CompletableFuture<Void> async(Runnable work) {
        return CompletableFuture.runAsync(work, command -> new Thread(command).start());
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
