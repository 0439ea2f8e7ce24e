package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.function.Supplier;

/** Starts container transactions through the platform's transactional interceptor. */
@ApplicationScoped
class TransactionRunner {

    @Transactional(TxType.REQUIRED)
    public <T> T required(Supplier<T> work) {
        return work.get();
    }

    @Transactional(TxType.REQUIRES_NEW)
    public <T> T requiresNew(Supplier<T> work) {
        return work.get();
    }
}
