package org.statekeeper.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.statekeeper.spi.Transactions;

/**
 * A stand-in for JTA: one stack of transaction frames per thread, resources bound to the frame,
 * participants that finish or undo their work when it ends, and after-commit actions.
 *
 * <p>Deliberately stricter than a real transaction manager in one respect: an after-commit action
 * that throws is rethrown to the committing caller (after the commit is complete), so a test notices
 * an engine that leaks failures from its after-commit work.
 */
final class FakeTransactions implements Transactions {

    /** Work enlisted in a transaction; {@code commit} may refuse by throwing, which rolls back. */
    interface Participant {
        void commit();

        void rollback();
    }

    private static final class Frame {
        final Map<Object, Object> resources = new HashMap<>();
        final List<Participant> participants = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>();
        final List<Runnable> afterCompletion = new ArrayList<>();
        boolean rollbackOnly;
    }

    private final ThreadLocal<Deque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);
    private final AtomicInteger begun = new AtomicInteger();

    @Override
    public boolean isActive() {
        Frame f = frames.get().peek();
        return f != null && !f.rollbackOnly;
    }

    @Override
    public <T> T required(Supplier<T> work) {
        Frame current = frames.get().peek();
        if (current == null) {
            return runInNew(work);
        }
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            // Like a container-managed REQUIRED boundary: a system exception dooms the joined transaction.
            current.rollbackOnly = true;
            throw e;
        }
    }

    @Override
    public <T> T requiresNew(Supplier<T> work) {
        return runInNew(work);
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
        current().afterCommit.add(action);
    }

    @Override
    public void afterCompletion(Runnable action) {
        current().afterCompletion.add(action);
    }

    /** Makes the current transaction roll back when its boundary is reached, as a test's "abort". */
    void setRollbackOnly() {
        current().rollbackOnly = true;
    }

    /** Returns whether the current thread is inside a transaction, doomed or not. */
    boolean inTransaction() {
        return frames.get().peek() != null;
    }

    void enlist(Participant participant) {
        current().participants.add(participant);
    }

    /** Returns how many transactions have been started. */
    int begun() {
        return begun.get();
    }

    private Frame current() {
        Frame f = frames.get().peek();
        if (f == null) {
            throw new IllegalStateException("no transaction on this thread");
        }
        return f;
    }

    private <T> T runInNew(Supplier<T> work) {
        Frame frame = new Frame();
        Deque<Frame> stack = frames.get();
        stack.push(frame);
        begun.incrementAndGet();
        T result;
        try {
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                stack.pop();
                rollback(frame);
                throw e;
            }
            stack.pop();
            if (frame.rollbackOnly) {
                rollback(frame);
                return result;
            }
            commit(frame);
            return result;
        } finally {
            frame.afterCompletion.forEach(Runnable::run);
        }
    }

    private void commit(Frame frame) {
        for (int i = 0; i < frame.participants.size(); i++) {
            try {
                frame.participants.get(i).commit();
            } catch (RuntimeException e) {
                for (int j = i; j < frame.participants.size(); j++) {
                    frame.participants.get(j).rollback();
                }
                throw new IllegalStateException("commit failed, rolled back", e);
            }
        }
        RuntimeException failure = null;
        for (Runnable action : frame.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("an after-commit action threw", failure);
        }
    }

    private static void rollback(Frame frame) {
        frame.participants.forEach(Participant::rollback);
    }
}
