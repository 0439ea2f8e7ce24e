package org.statekeeper.cdi;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.statekeeper.spi.Transactions;

/**
 * JTA for the write path: transaction-local state in the synchronization registry, after-commit
 * work as an interposed synchronization (run by the committing thread, so it ends before the
 * committing call returns).
 */
@ApplicationScoped
class JtaTransactions implements Transactions {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;

    @Inject
    TransactionRunner runner;

    @Override
    public boolean isActive() {
        int status = registry.getTransactionStatus();
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public <T> T required(Supplier<T> work) {
        return runner.required(work);
    }

    @Override
    public <T> T requiresNew(Supplier<T> work) {
        return runner.requiresNew(work);
    }

    @Override
    public Object getResource(Object key) {
        return registry.getResource(key);
    }

    @Override
    public void putResource(Object key, Object value) {
        registry.putResource(key, value);
    }

    @Override
    public void onCommit(Runnable action) {
        whenEnded(status -> {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        });
    }

    @Override
    public void afterCompletion(Runnable action) {
        whenEnded(status -> action.run());
    }

    private void whenEnded(IntConsumer action) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
                action.accept(status);
            }
        });
    }
}
