package org.statekeeper.cdi;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
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

    private static final System.Logger LOG = System.getLogger(JtaTransactions.class.getName());

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
        completion().add(status -> {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        });
    }

    @Override
    public void afterCompletion(Runnable action) {
        completion().add(status -> action.run());
    }

    /**
     * This transaction's after-completion actions, run in registration order by one interposed
     * synchronization: the order of several is not specified by JTA, and WildFly (Narayana) does not keep
     * it, which let observers hear of a change before the store had it.
     */
    private List<IntConsumer> completion() {
        @SuppressWarnings("unchecked")
        List<IntConsumer> actions = (List<IntConsumer>) registry.getResource(this);
        if (actions == null) {
            List<IntConsumer> created = new ArrayList<>();
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing to do before the outcome is known
                }

                @Override
                public void afterCompletion(int status) {
                    // By index: an action may register another, which then runs last.
                    for (int i = 0; i < created.size(); i++) {
                        try {
                            created.get(i).accept(status);
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "SK0404 A Statekeeper after-completion action failed: " + e, e);
                        }
                    }
                }
            });
            registry.putResource(this, created);
            actions = created;
        }
        return actions;
    }
}
