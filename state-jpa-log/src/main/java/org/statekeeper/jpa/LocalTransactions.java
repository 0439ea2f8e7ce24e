package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.statekeeper.spi.Transactions;

/**
 * Resource-local transactions for Java SE: one entity manager per transaction, bound to the thread.
 * Outside a container this stands in for JTA, with the same after-commit ordering.
 */
public final class LocalTransactions implements Transactions {

    private record Completion(Runnable action, boolean onCommitOnly) {
    }

    private static final class Frame {
        final EntityManager em;
        final Map<Object, Object> resources = new HashMap<>();
        /** After-commit and after-completion actions, run in the order registered, as JTA runs synchronizations. */
        final List<Completion> completions = new ArrayList<>();

        Frame(EntityManager em) {
            this.em = em;
        }
    }

    private final EntityManagerFactory factory;
    private final ThreadLocal<Deque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);

    /**
     * Creates transactions on a resource-local persistence unit.
     *
     * @param factory the factory of the persistence unit holding the log's entities
     */
    public LocalTransactions(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /**
     * Returns the entity manager of the current transaction.
     *
     * @return the entity manager
     * @throws IllegalStateException when no transaction is running on this thread
     */
    public EntityManager entityManager() {
        return current().em;
    }

    @Override
    public boolean isActive() {
        Frame frame = frames.get().peek();
        if (frame == null) {
            return false;
        }
        EntityTransaction tx = frame.em.getTransaction();
        return tx.isActive() && !tx.getRollbackOnly();
    }

    @Override
    public <T> T required(Supplier<T> work) {
        return frames.get().isEmpty() ? inNew(work) : work.get();
    }

    @Override
    public <T> T requiresNew(Supplier<T> work) {
        return inNew(work);
    }

    @Override
    public Object getResource(Object key) {
        return current().resources.get(key);
    }

    @Override
    public void putResource(Object key, Object value) {
        current().resources.put(key, value);
    }

    @Override
    public void onCommit(Runnable action) {
        current().completions.add(new Completion(action, true));
    }

    @Override
    public void afterCompletion(Runnable action) {
        current().completions.add(new Completion(action, false));
    }

    private Frame current() {
        Frame frame = frames.get().peek();
        if (frame == null) {
            throw new IllegalStateException("No transaction is running on this thread");
        }
        return frame;
    }

    private <T> T inNew(Supplier<T> work) {
        Frame frame = new Frame(factory.createEntityManager());
        Deque<Frame> stack = frames.get();
        stack.push(frame);
        EntityTransaction tx = frame.em.getTransaction();
        boolean committed = false;
        try {
            tx.begin();
            T result = work.get();
            if (tx.getRollbackOnly()) {
                tx.rollback();
                throw new jakarta.persistence.RollbackException("The transaction was marked rollback-only");
            }
            tx.commit();
            committed = true;
            return result;
        } finally {
            // Each step guarded on its own: a rollback that throws (a dead connection) must still end the
            // frame and run the completions, which release what the transaction held.
            try {
                if (!committed && tx.isActive()) {
                    tx.rollback();
                }
            } finally {
                stack.pop();
                try {
                    frame.em.close();
                } finally {
                    complete(frame, committed);
                }
            }
        }
    }

    /** Runs every completion that applies, in order, all of them even when one throws; rethrows the first failure. */
    private static void complete(Frame frame, boolean committed) {
        RuntimeException failure = null;
        for (Completion completion : frame.completions) {
            if (committed || !completion.onCommitOnly()) {
                try {
                    completion.action().run();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
