package org.statekeeper.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Runs work in one new container transaction, as an application's {@code @Transactional} bean would. */
@ApplicationScoped
public class TransactionalScope {

    /** Commits when {@code work} returns; rolls back when it throws an unchecked exception. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
