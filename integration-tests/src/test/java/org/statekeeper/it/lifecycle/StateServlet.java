package org.statekeeper.it.lifecycle;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;

/**
 * Lets a test outside the server read (GET ?key=), write (POST ?key=&amp;value=; no value: delete),
 * list the log's heads (GET ?heads) and the StateChanged events observed for a key (GET ?events=).
 */
@WebServlet("/state")
public class StateServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient StateManager state;

    @Inject
    transient EventLog log;

    @Inject
    transient ObservedChanges observed;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        if (req.getParameter("heads") != null) {
            String after = null;
            for (List<Head> page; !(page = log.heads(after, 500)).isEmpty(); after = page.get(page.size() - 1).key()) {
                page.forEach(h -> out.print(h.key() + "\t" + h.version() + "\t" + h.present() + "\n"));
            }
        } else if (req.getParameter("events") != null) {
            for (StateChanged c : observed.of(req.getParameter("events"))) {
                out.print(c.version() + ":" + c.type() + ":" + (c.remote() ? "remote" : "local") + "\n");
            }
        } else {
            out.print(state.getVersioned(req.getParameter("key"), String.class)
                    .map(v -> v.version() + ":" + v.value()).orElse("absent"));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String key = req.getParameter("key");
        String value = req.getParameter("value");
        resp.setContentType("text/plain");
        if (value == null) {
            resp.getWriter().print(state.delete(key));
        } else {
            resp.getWriter().print(state.set(key, value));
        }
    }
}
