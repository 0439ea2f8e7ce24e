package org.statekeeper.it.lifecycle;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.statekeeper.StateManager;

/** Lets a test outside the server read (GET) and write (POST; no value: delete) string keys. */
@WebServlet("/state")
public class StateServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient StateManager state;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print(state.getVersioned(req.getParameter("key"), String.class)
                .map(v -> v.version() + ":" + v.value()).orElse("absent"));
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
