package org.statekeeper.websocket;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * Deploys the push endpoint at the configured path when {@code state.push=on}, with the server's managed
 * executor for sending; a wrong push property fails the deployment naming it.
 */
@WebListener
public class PushStartup implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(PushStartup.class.getName());

    @Inject
    Settings settings;

    @Inject
    PushHub hub;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        PushSettings push;
        try {
            push = PushSettings.read(settings);
        } catch (StateConfigurationException e) {
            LOG.log(Level.ERROR, "SK0601 Statekeeper cannot start: " + e.getMessage());
            throw e;
        }
        hub.start(push, executor, (millis, work) -> scheduler.schedule(work, millis, TimeUnit.MILLISECONDS));
        if (!push.enabled()) {
            return;
        }
        if (!push.rolePrefixes().isEmpty()) {
            // Declared, as a web.xml security-role would be: servers map only declared roles to a user's groups.
            event.getServletContext().declareRoles(push.rolePrefixes().keySet().toArray(String[]::new));
        }
        ServerContainer container = (ServerContainer) event.getServletContext()
                .getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("state.push=on, but this server offers no Jakarta WebSocket container");
        }
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(PushEndpoint.class, push.path())
                    .configurator(new PushConfigurator(hub, push)).build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("Statekeeper could not deploy its push endpoint at " + push.path(), e);
        }
        LOG.log(Level.INFO, "SK0602 Statekeeper push endpoint at {0}", push.path());
    }
}
