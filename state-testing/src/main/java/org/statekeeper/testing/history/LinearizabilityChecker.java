package org.statekeeper.testing.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a history of one versioned register per key for linearizability. Versions number a key's
 * writes 1, 2, 3 … in the order the log committed them, so the order of writes is known, and a history is
 * linearizable exactly when: a write that returned before another began has the smaller version; a read
 * returns the value its version was written with, of a write that began before the read returned; a read
 * sees no version older than the newest written before it began; and of two reads one after the other, the
 * later sees no older version. A read's {@link Op#tolerance()} relaxes the last two by that long: the
 * staleness a stated bound allows while a fault is under way.
 */
public final class LinearizabilityChecker {

    private LinearizabilityChecker() {
    }

    /**
     * Returns every violation found in {@code history}, empty when it is linearizable (within tolerances).
     *
     * @param history the completed operations, in any order
     * @return the violations, each described with the operations involved
     */
    public static List<String> violations(Collection<Op> history) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        history.forEach(op -> byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op));
        List<String> violations = new ArrayList<>();
        byKey.forEach((key, ops) -> check(ops, violations));
        return violations;
    }

    private static void check(List<Op> ops, List<String> violations) {
        Map<Long, Op> writes = new HashMap<>();
        List<Op> reads = new ArrayList<>();
        for (Op op : ops) {
            if (!op.write()) {
                reads.add(op);
            } else if (writes.putIfAbsent(op.version(), op) != null) {
                violations.add("two writes got version " + op.version() + ": " + writes.get(op.version()) + " and " + op);
            }
        }
        List<Op> ordered = new ArrayList<>(writes.values());
        ordered.sort((x, y) -> Long.compare(x.version(), y.version()));
        for (Op earlier : ordered) {
            for (Op later : ordered) {
                if (earlier.returned() < later.invoked() && earlier.version() > later.version()) {
                    violations.add("a later write got an older version: " + earlier + " then " + later);
                }
            }
        }
        for (Op read : reads) {
            long newestBefore = newestWrittenBefore(ordered, read.invoked() - read.tolerance());
            if (read.absent()) {
                // Absent is the state of version 0 and of every deletion: one of them must fit.
                boolean fits = newestBefore == 0 || ordered.stream().anyMatch(w -> w.value() == null
                        && w.version() >= newestBefore && w.invoked() < read.returned());
                if (!fits) {
                    violations.add("read absent although version " + newestBefore + " (not a deletion) was written"
                            + " before it began, and no deletion since could have been seen: " + read);
                }
                continue;
            }
            Op written = writes.get(read.version());
            if (written == null) {
                violations.add("read a version no write made: " + read);
                continue;
            }
            if (!java.util.Objects.equals(written.value(), read.value())) {
                violations.add("read another value than its version was written with: " + read + " vs " + written);
            }
            if (written.invoked() > read.returned()) {
                violations.add("read a version before its write began: " + read + " vs " + written);
            }
            if (read.version() < newestBefore) {
                violations.add("stale read: version " + newestBefore + " was written before it began: " + read);
            }
        }
        for (Op first : reads) {
            for (Op second : reads) {
                if (!first.absent() && !second.absent() && first.returned() < second.invoked() - second.tolerance()
                        && second.version() < first.version()) {
                    violations.add("a later read saw an older version: " + first + " then " + second);
                }
            }
        }
    }

    private static long newestWrittenBefore(List<Op> writes, long instant) {
        long newest = 0;
        for (Op w : writes) {
            if (w.returned() < instant && w.version() > newest) {
                newest = w.version();
            }
        }
        return newest;
    }
}
