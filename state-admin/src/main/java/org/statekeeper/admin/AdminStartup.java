package org.statekeeper.admin;

import jakarta.inject.Inject;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import jakarta.servlet.annotation.WebListener;
import java.lang.System.Logger.Level;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * Deploys the console at {@code state.admin.path} when {@code state.admin.role} names a role, under a
 * security constraint that admits only that role: the container refuses everyone else (403 for a user
 * without the role) before the console runs. Authentication is the application's (Jakarta Security,
 * the server's realm).
 */
@WebListener
public class AdminStartup implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(AdminStartup.class.getName());

    @Inject
    Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        AdminSettings admin;
        try {
            admin = AdminSettings.read(settings);
        } catch (StateConfigurationException e) {
            LOG.log(Level.ERROR, "SK0701 Statekeeper cannot start: " + e.getMessage());
            throw e;
        }
        if (admin.role().isEmpty()) {
            return;
        }
        ServletContext context = event.getServletContext();
        String role = admin.role().get();
        context.declareRoles(role);
        try {
            ServletRegistration.Dynamic console = context.addServlet("statekeeper-admin",
                    context.createServlet(AdminServlet.class));
            console.addMapping(admin.path() + "/*");
            console.setServletSecurity(new ServletSecurityElement(
                    new HttpConstraintElement(TransportGuarantee.NONE, role)));
        } catch (ServletException e) {
            throw new IllegalStateException("Statekeeper could not deploy its console at " + admin.path(), e);
        }
        LOG.log(Level.INFO, "SK0702 Statekeeper console at {0}/ for the role {1}", admin.path(), role);
    }
}
