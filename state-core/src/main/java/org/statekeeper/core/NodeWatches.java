package org.statekeeper.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.statekeeper.spi.NodeMark;

/**
 * What this node knows of the other nodes from the marks they publish in the log, and which of their
 * heads it must put in the store itself. Each node's instants are compared only with that node's own
 * instants (its marks with its head rows); this node's clock only measures how long a beat stood still.
 *
 * <p>With a shared store a healthy node applies its own commits, so another node's heads are read only
 * while it says it committed changes it has not applied (it is cut off from the store), or its beat stood still for longer than {@code staleAfter} (it stopped, or hangs).
 * With a store of each node's own, every other node's heads are read, from where the last look ended.
 */
final class NodeWatches {

    /** A node silent this long is no longer read: no transaction of it can still commit. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    /**
     * What to read of one node: its heads written at or after {@code from}; or, when {@code forget}, nothing:
     * its mark is to be removed (if its beat is still the one seen), it stopped too long ago to matter.
     */
    record Look(String node, Instant from, boolean forget, long beat) {
    }

    private static final class Watch {
        long beat;
        Instant beatChanged;
        /** Every head this node wrote before this instant (its clock) is in the store. */
        Instant covered;
    }

    private final String self;
    private final boolean shared;
    private final Map<String, Watch> watches = new HashMap<>();

    NodeWatches(String self, boolean shared) {
        this.self = self;
        this.shared = shared;
    }

    /**
     * Starts over after the store was cleared and loaded from the log: what the load read covers, for a
     * store of this node's own, each node's changes that ended before the marks read just before the load.
     */
    synchronized void loaded(List<NodeMark> before, Instant now) {
        watches.clear();
        if (!shared) {
            before.forEach(mark -> watch(mark, now).covered = mark.ended());
        }
    }

    /**
     * Returns what to read this time, given every node's current mark and this node's time; at this node's
     * first heal ({@code first}), every other node's heads since its {@code applied}, once: what a node that
     * stopped (an earlier run of this one, say) left unapplied is put in the store before this node serves.
     */
    synchronized List<Look> looks(List<NodeMark> marks, Instant now, Duration staleAfter, boolean first) {
        List<Look> looks = new java.util.ArrayList<>();
        for (NodeMark mark : marks) {
            if (mark.node().equals(self)) {
                continue;
            }
            Watch watch = watches.get(mark.node());
            if (watch == null) {
                watch = watch(mark, now);
                // First sight: with a shared store the node itself has applied what it says it has; a store of
                // this node's own that was not loaded while the node was known has none of its changes.
                watch.covered = shared ? mark.applied() : Instant.EPOCH;
            } else if (watch.beat != mark.beat()) {
                watch.beat = mark.beat();
                watch.beatChanged = now;
            }
            Duration silent = Duration.between(watch.beatChanged, now);
            if (silent.compareTo(FORGET_AFTER) > 0) {
                looks.add(new Look(mark.node(), null, true, mark.beat()));
                watches.remove(mark.node());
                continue;
            }
            boolean stale = silent.compareTo(staleAfter) > 0;
            Instant from = shared ? later(mark.applied(), watch.covered) : watch.covered;
            if (!shared || first || stale || mark.unapplied() > 0) {
                looks.add(new Look(mark.node(), from, false, mark.beat()));
            }
        }
        return looks;
    }

    /**
     * Records that every head {@code look} asked for was put in the store: what the node had ended by the
     * mark read before the look is covered now.
     */
    synchronized void done(Look look, NodeMark mark) {
        Watch watch = watches.get(look.node());
        if (watch != null) {
            watch.covered = later(watch.covered, mark.ended());
        }
    }

    private Watch watch(NodeMark mark, Instant now) {
        Watch watch = new Watch();
        watch.beat = mark.beat();
        watch.beatChanged = now;
        watches.put(mark.node(), watch);
        return watch;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
