package org.statekeeper.it.lifecycle;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.StateMonitor;
import org.statekeeper.cdi.StateLog;

/**
 * Lets a test outside the server read (GET ?key=), write (POST ?key=&amp;value=; ?key=&amp;inc: update
 * by one; no value: delete), list the log's heads (GET ?heads) and the StateChanged events observed
 * for a key (GET ?events=), the near cache's statistics (GET ?nearcache), run recovery (POST ?recovery=rebuild|verify), seed head rows (POST ?bulk=n) and
 * set a key in a transaction held open that long before it commits (POST ?key=&amp;value=&amp;holdMillis=).
 */
@WebServlet("/state")
public class StateServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient StateManager state;

    @Inject
    transient ObservedChanges observed;

    @Inject
    transient RecoveryManager recovery;

    @Inject
    transient StateMonitor monitor;

    @Inject
    @StateLog
    transient EntityManager logEntityManager;

    @Resource
    transient UserTransaction utx;

    @Inject
    transient HeldTransaction held;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        if (req.getParameter("heads") != null) {
            // Read straight from the log's table: applications have no way to the log around the StateManager.
            List<?> rows = logEntityManager.createNativeQuery("SELECT state_key, version_no, value_json IS NOT NULL"
                    + " FROM sk_head WHERE version_no > 0 ORDER BY state_key").getResultList();
            for (Object row : rows) {
                Object[] h = (Object[]) row;
                out.print(h[0] + "\t" + h[1] + "\t" + h[2] + "\n");
            }
        } else if (req.getParameter("nearcache") != null) {
            out.print(monitor.nearCache().map(Object::toString).orElse("off"));
        } else if (req.getParameter("events") != null) {
            for (StateChanged c : observed.of(req.getParameter("events"))) {
                out.print(c.version() + ":" + c.type() + ":" + (c.remote() ? "remote" : "local") + "\n");
            }
        } else {
            Class<?> type = req.getParameter("long") != null ? Long.class : String.class;
            out.print(state.getVersioned(req.getParameter("key"), type)
                    .map(v -> v.version() + ":" + v.value()).orElse("absent"));
        }
    }

    /**
     * Writes {@code n} head rows straight into the log's H2 tables (as a large existing log would
     * hold), bypassing the store, so a test can time a rebuild without first making n calls.
     */
    private int seedHeadRows(int n) {
        try {
            utx.begin();
            int rows = logEntityManager.createNativeQuery("INSERT INTO sk_head (state_key, version_no, value_json, time_us)"
                    + " SELECT 'bulk-' || X, 1, '\"v' || X || '\"', 0 FROM SYSTEM_RANGE(1, ?1)")
                    .setParameter(1, n).executeUpdate();
            utx.commit();
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String key = req.getParameter("key");
        String value = req.getParameter("value");
        resp.setContentType("text/plain");
        if ("rebuild".equals(req.getParameter("recovery"))) {
            resp.getWriter().print(recovery.rebuild());
        } else if ("verify".equals(req.getParameter("recovery"))) {
            resp.getWriter().print(recovery.verify());
        } else if (req.getParameter("bulk") != null) {
            resp.getWriter().print(seedHeadRows(Integer.parseInt(req.getParameter("bulk"))));
        } else if (req.getParameter("holdMillis") != null) {
            resp.getWriter().print(held.set(key, value, Long.parseLong(req.getParameter("holdMillis"))));
        } else if (req.getParameter("expect") != null) {
            try {
                resp.getWriter().print(state.compareAndSet(key, Long.parseLong(req.getParameter("expect")), value));
            } catch (org.statekeeper.StateConflictException e) {
                resp.getWriter().print("conflict");
            }
        } else if (req.getParameter("inc") != null) {
            resp.getWriter().print(state.update(key, Long.class, n -> n == null ? 1L : n + 1));
        } else if (value == null) {
            resp.getWriter().print(state.delete(key));
        } else {
            resp.getWriter().print(state.set(key, value));
        }
    }
}
