package org.statekeeper.cdi;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Loads the store from the log when the web application starts, before it serves requests; the
 * web module's naming context (and so the log's persistence context) is ready by then. Until the
 * load completes, reads are served from the log.
 */
@WebListener
public class StatekeeperWebStartup implements ServletContextListener {

    @Inject
    StatekeeperProducers producers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        producers.start(scheduler, executor);
    }
}
