package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.workload.LogInvariants;
import org.statekeeper.testing.workload.LogRows;
import org.statekeeper.testing.workload.MixedWorkload;

/**
 * The ordinary concurrency of an application inside a real server: threads doing get, set,
 * compare-and-set, update, delete and setAll at random on a few keys, some in transactions that touch a
 * key twice, then the log's invariants and the history of returned versions (see {@link LogInvariants}).
 */
public abstract class ConcurrencyContract extends ContractBase {

    @Inject
    TransactionalScope scope;

    @Test
    void concurrentMixedOperationsKeepTheLogsInvariantsAndEveryReturnedVersion() throws Exception {
        List<String> keys = IntStream.range(0, 4).mapToObj(i -> key("mixed-" + i)).toList();
        long seed = System.nanoTime();
        MixedWorkload.Result result = new MixedWorkload(List.of(state), new ContainerTransactions(), keys, threads)
                .run(8, 250, seed, Duration.ofMinutes(5));

        String replay = " (seed " + seed + ")";
        result.requireNoFailures(replay);
        assertEquals(List.of(), LogInvariants.violations(keys, result.observations(), new NativeRows(), state, null),
                "the log's invariants" + replay);
    }

    /** Several calls in one container transaction, through a {@code @Transactional} bean. */
    private final class ContainerTransactions implements MixedWorkload.TransactionScope {
        @Override
        public <T> T inOneTransaction(Supplier<T> work) {
            return scope.run(work);
        }
    }

    /** The log's rows through native SQL on the log's own entity manager: not through its entities. */
    private final class NativeRows implements LogRows {
        @Override
        public List<Event> events(String key) {
            List<?> rows = logEntityManager.createNativeQuery(
                    "SELECT version_no, change_type, value_json FROM sk_event WHERE state_key = ?1")
                    .setParameter(1, key).getResultList();
            return rows.stream().map(r -> (Object[]) r)
                    .map(r -> new Event(((Number) r[0]).longValue(), (String) r[1], (String) r[2])).toList();
        }

        @Override
        public Optional<Head> head(String key) {
            List<?> rows = logEntityManager.createNativeQuery(
                    "SELECT version_no, value_json FROM sk_head WHERE state_key = ?1")
                    .setParameter(1, key).getResultList();
            return rows.stream().map(r -> (Object[]) r)
                    .map(r -> new Head(((Number) r[0]).longValue(), (String) r[1])).findFirst();
        }
    }
}
