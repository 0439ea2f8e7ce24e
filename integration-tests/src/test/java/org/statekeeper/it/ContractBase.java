package org.statekeeper.it;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.persistence.EntityManager;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.cdi.StateLog;
import org.statekeeper.StateManager;

/**
 * What every contract test class shares: the injected manager, log, recovery and test beans, and
 * helpers. Runs inside the server (Arquillian).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ContractBase {

    /** The generic type {@code List<Item>}, taken from this field's declaration. */
    static List<Item> listOfItems;

    @Inject
    StateManager state;

    @Inject
    StateAudit audit;

    @Inject
    RecoveryManager recovery;

    @Inject
    @StateLog
    EntityManager logEntityManager;

    @Inject
    StateEjb ejb;

    @Inject
    CounterBean counter;

    @Inject
    ChangeRecorder changes;

    @Resource
    UserTransaction utx;

    @Resource
    ManagedThreadFactory threads;

    protected String key(String name) {
        return "it:" + getClass().getSimpleName() + ":" + name + ":" + UUID.randomUUID();
    }

    /** The key's events, newest first, as the audit API gives them. */
    protected List<StateEvent> events(String key) {
        return audit.history(key, 0, StateAudit.MAX_PAGE_SIZE);
    }

    /** Whether the log holds a written head row for the key (a row at version 0 is a key never written). */
    protected boolean headWritten(String key) {
        Number rows = (Number) logEntityManager.createNativeQuery(
                "SELECT COUNT(*) FROM sk_head WHERE state_key = ?1 AND version_no > 0")
                .setParameter(1, key).getSingleResult();
        return rows.longValue() > 0;
    }

    /** Runs {@code work} on another thread, outside this thread's transaction. */
    protected <T> T elsewhere(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(threads);
        try {
            return pool.submit(work).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (bounded) for something the server does in the background, such as the expiry sweep. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
