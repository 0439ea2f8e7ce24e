package org.statekeeper.it.principal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.statekeeper.StateAudit;
import org.statekeeper.StateManager;

/** {@code POST /write?key=…&via=cdi|ejb}: writes the key and answers the principal its newest event records. */
@WebServlet("/write")
public class PrincipalServlet extends HttpServlet {

    @Inject
    StateManager state;

    @Inject
    StateAudit audit;

    @Inject
    PrincipalWrites ejb;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = request.getParameter("key");
        if ("ejb".equals(request.getParameter("via"))) {
            ejb.set(key);
        } else {
            state.set(key, "by-servlet");
        }
        response.setContentType("text/plain");
        response.getWriter().print(audit.history(key, 0, 1).get(0).principal());
    }
}
