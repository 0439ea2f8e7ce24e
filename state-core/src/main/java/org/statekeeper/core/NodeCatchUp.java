package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.NodeMark;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/**
 * This node's part in the catch-up by marks (see {@link StoreSync}): it tracks its own unfinished
 * transactions, publishes its mark in the log and its checkpoint in the store, and re-applies the heads of
 * the nodes whose marks say they left changes unapplied.
 */
final class NodeCatchUp {

    private static final System.Logger LOG = System.getLogger(NodeCatchUp.class.getName());

    private final StateStore store;
    private final EventLog log;
    private final Transactions transactions;
    private final StoreLoader loader;
    private final Clock clock;
    private final String node;
    private final OwnCommits own = new OwnCommits();
    private final NodeWatches watches;
    private volatile Duration staleAfter = Duration.ofSeconds(2);
    private volatile boolean registered;
    private long beat;

    NodeCatchUp(StateStore store, EventLog log, Transactions transactions, StoreLoader loader, Clock clock, String node) {
        this.store = store;
        this.log = log;
        this.transactions = transactions;
        this.loader = loader;
        this.clock = clock;
        this.node = node;
        this.watches = new NodeWatches(node, store.shared());
    }

    void staleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /**
     * Records a transaction's first change; the first time in this node's life, makes sure the log knows the
     * node, so that the others watch it even if it never heals.
     */
    void began(Object transaction, Instant firstChange) {
        own.began(transaction, firstChange);
        if (!registered) {
            register(firstChange);
        }
    }

    void finished(Object transaction) {
        own.finished(transaction);
    }

    private synchronized void register(Instant at) {
        if (registered) {
            return;
        }
        try {
            transactions.requiresNew(() -> {
                // A previous life's mark stays: what it left unapplied is still to be re-applied from it.
                if (log.nodeMarks().stream().noneMatch(m -> m.node().equals(node))) {
                    log.markNode(new NodeMark(node, 0, at, at, 0));
                }
                return null;
            });
            registered = true;
        } catch (RuntimeException e) {
            // The caller's write goes on: the next write, or the next heal, publishes the mark.
            LOG.log(Level.WARNING, "SK0105 Statekeeper could not record this node in the log yet: " + e);
        }
    }

    /** After the store lost writes: every node's heads since the checkpoint it came back with (none: all). */
    void catchUpAll(List<NodeMark> marks, Checkpoints checkpoints) {
        Set<String> nodes = new TreeSet<>(checkpoints.nodes().keySet());
        marks.forEach(m -> nodes.add(m.node()));
        nodes.add(node);
        long applied = 0;
        for (String n : nodes) {
            Instant from = checkpoints.nodes().getOrDefault(n, Instant.EPOCH);
            applied += loader.poll(after -> log.headsWrittenBy(n, from, after, StoreLoader.PAGE)).applied();
        }
        LOG.log(Level.INFO, "SK0106 Statekeeper store caught up: {0} keys re-applied from {1} nodes'' checkpoints",
                Long.toString(applied), Integer.toString(nodes.size()));
    }

    /** This node's own heads since {@code from}: what an earlier run under the same id left unapplied. */
    void catchUpOwn(Instant from) {
        loader.poll(after -> log.headsWrittenBy(node, from, after, StoreLoader.PAGE));
    }

    /** The store was cleared and loaded: what the load read covers the nodes' changes that ended before it. */
    void loaded(List<NodeMark> marksBefore) {
        watches.loaded(marksBefore, clock.instant());
    }

    /** Re-applies what other nodes committed and did not apply, as their marks tell. */
    void lookAtOthers(List<NodeMark> marks, boolean firstHeal) {
        for (NodeWatches.Look look : watches.looks(marks, clock.instant(), staleAfter, firstHeal)) {
            if (look.forget()) {
                transactions.requiresNew(() -> {
                    log.forgetNode(look.node(), look.beat());
                    return null;
                });
                continue;
            }
            loader.poll(after -> log.headsWrittenBy(look.node(), look.from(), after, StoreLoader.PAGE));
            marks.stream().filter(m -> m.node().equals(look.node())).findFirst().ifPresent(m -> watches.done(look, m));
        }
    }

    /**
     * Publishes this node's mark in the log and, after a successful heal ({@code epoch} not null), its
     * checkpoint in the store. The open transactions are read before the pending keys ({@code unapplied}):
     * a transaction records its pending keys before it counts as finished, so none is missed between the
     * two reads.
     *
     * @param unapplied the first changes of the transactions whose committed changes are pending
     * @param inherited an earlier run's {@code applied} not yet caught up from, or null
     * @param epoch the store's epoch after a successful heal, null after a failed one
     * @param storeFailed told when the store fails
     */
    void publish(Supplier<List<Instant>> unapplied, Instant inherited, Optional<String> epoch,
            Consumer<RuntimeException> storeFailed) {
        Instant ended = own.oldest(clock.instant());
        List<Instant> pending = unapplied.get();
        Instant applied = OwnCommits.earliest(pending, ended);
        if (inherited != null && inherited.isBefore(applied)) {
            applied = inherited;
        }
        NodeMark mark;
        synchronized (this) {
            mark = new NodeMark(node, ++beat, ended, applied, pending.size());
        }
        try {
            transactions.requiresNew(() -> {
                log.markNode(mark);
                return null;
            });
            registered = true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SK0107 Statekeeper could not publish this node's mark in the log: " + e);
        }
        if (epoch != null) {
            try {
                // Refused when the epoch moved on since the heal read it: the next heal catches up first.
                store.markCheckpoint(node, applied, epoch.orElse(null));
            } catch (RuntimeException e) {
                storeFailed.accept(e);
            }
        }
    }
}
