package org.statekeeper.it.leak;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Lists the names of every live thread of the server, one per line. */
@WebServlet("/threads")
public class ThreadsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        StringBuilder names = new StringBuilder();
        Thread.getAllStackTraces().keySet().forEach(t -> names.append(t.getName()).append('\n'));
        resp.getWriter().print(names);
    }
}
