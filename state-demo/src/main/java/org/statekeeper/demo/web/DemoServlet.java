package org.statekeeper.demo.web;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.statekeeper.StateConflictException;
import org.statekeeper.demo.CartService;
import org.statekeeper.demo.CartView;
import org.statekeeper.demo.FeatureFlags;
import org.statekeeper.demo.Flag;
import org.statekeeper.demo.InvalidInputException;
import org.statekeeper.demo.InvalidInputException.Violation;
import org.statekeeper.demo.RecentChanges;
import org.statekeeper.demo.VisitCounter;

/**
 * The demo page at the application's root. GET renders it (and counts a visit); every form POSTs
 * here with an {@code action} field and is answered with a redirect back to the page (303), so that
 * reloading the page never submits a form twice.
 *
 * <p>Mapped to {@code /}, the default mapping, rather than to the exact-root pattern {@code ""}:
 * Payara's mapper fails to remove an {@code ""} mapping when the application is undeployed, which
 * happens at every restart with a persistent root directory. Any other path is therefore answered
 * here with 404.
 *
 * <p>Outcomes travel through the redirect as codes ({@code done}, {@code error}, {@code conflict}),
 * never as message text, so a crafted link cannot put words of its choosing on the page.
 */
@WebServlet(name = "DemoServlet", urlPatterns = "/")
public class DemoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(DemoServlet.class.getName());

    /** The user whose cart is shown when none is chosen. */
    static final String DEFAULT_USER = "guest";

    /** Scripts only from this application's files (the live-update module), never inline. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Inject
    VisitCounter visits;

    @Inject
    FeatureFlags flags;

    @Inject
    RecentChanges recent;

    @EJB
    CartService carts;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (isStatic(req)) {
            // This servlet holds the default mapping; the scripts are served by the server's own default servlet.
            getServletContext().getNamedDispatcher("default").forward(req, resp);
            return;
        }
        if (!isPage(req, resp)) {
            return;
        }
        req.setCharacterEncoding(StandardCharsets.UTF_8.name());
        DemoPage.Notice notice = notice(req);
        String user = DEFAULT_USER;
        String requested = req.getParameter("user");
        if (requested != null) {
            try {
                user = CartService.checkUser(requested);
            } catch (InvalidInputException e) {
                notice = new DemoPage.Notice(true, e.getMessage());
            }
        }
        long count = visits.increment();
        List<Flag> all = flags.all();
        CartView cart = carts.view(user);
        DemoPage.Model model = new DemoPage.Model(base(req), count, all,
                isOn(all, FeatureFlags.DARK_MODE), isOn(all, FeatureFlags.WELCOME_BANNER),
                !isOn(all, FeatureFlags.CART_DISABLED), cart, recent.latest(), notice);

        resp.setContentType("text/html");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        resp.getWriter().write(DemoPage.render(model));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isPage(req, resp)) {
            return;
        }
        // Before the first getParameter: otherwise form fields are decoded as ISO-8859-1.
        req.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String action = req.getParameter("action");
        String user = req.getParameter("user");
        String outcome;
        try {
            outcome = switch (action == null ? "" : action) {
                case "add-item" -> {
                    carts.addItem(user, req.getParameter("name"), quantity(req.getParameter("quantity")));
                    yield "done=added";
                }
                case "remove-item" -> {
                    carts.removeItem(user, req.getParameter("name"));
                    yield "done=removed";
                }
                case "clear-cart" -> {
                    carts.clear(user);
                    yield "done=cleared";
                }
                case "toggle-flag" -> toggleFlag(req);
                default -> null;
            };
        } catch (InvalidInputException e) {
            outcome = "error=" + e.getViolation().name();
        }
        if (outcome == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "Unknown action");
            return;
        }
        redirect(req, resp, user, outcome);
    }

    /** The live-update module of the page and the push client it imports (from the state-websocket jar). */
    private boolean isStatic(HttpServletRequest req) {
        String path = req.getServletPath();
        return (path.equals("/static/live.js") || path.equals("/statekeeper/push.js"))
                && getServletContext().getNamedDispatcher("default") != null;
    }

    private static boolean isPage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/".equals(req.getServletPath()) && req.getPathInfo() == null) {
            return true;
        }
        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        return false;
    }

    private String toggleFlag(HttpServletRequest req) {
        String flag = req.getParameter("flag");
        if (!flags.isKnown(flag)) {
            return null;
        }
        long expected;
        try {
            expected = Long.parseLong(String.valueOf(req.getParameter("expectedVersion")));
        } catch (NumberFormatException e) {
            return null;
        }
        try {
            flags.change(flag, expected, Boolean.parseBoolean(req.getParameter("enabled")));
            return "done=flag";
        } catch (StateConflictException e) {
            LOG.log(Level.DEBUG, "Flag toggle lost a race: expected version {0}, found {1}",
                    e.getExpectedVersion(), e.getActualVersion());
            return "conflict=" + Html.param(flag) + "&saw=" + e.getExpectedVersion() + "&now=" + e.getActualVersion();
        }
    }

    private static int quantity(String raw) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(Violation.QUANTITY);
        }
    }

    private static void redirect(HttpServletRequest req, HttpServletResponse resp, String user, String outcome) {
        StringBuilder location = new StringBuilder(base(req)).append('?');
        try {
            location.append("user=").append(Html.param(CartService.checkUser(user))).append('&');
        } catch (InvalidInputException e) {
            // fall back to the default user's page, which shows the error
        }
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", location.append(outcome).toString());
    }

    private DemoPage.Notice notice(HttpServletRequest req) {
        String done = req.getParameter("done");
        if (done != null) {
            String text = switch (done) {
                case "added" -> "Item added.";
                case "removed" -> "Item removed.";
                case "cleared" -> "Cart cleared.";
                case "flag" -> "Flag changed.";
                default -> null;
            };
            return text == null ? null : new DemoPage.Notice(false, text);
        }
        String error = req.getParameter("error");
        if (error != null) {
            for (Violation v : Violation.values()) {
                if (v.name().equals(error)) {
                    return new DemoPage.Notice(true, v.message());
                }
            }
            return null;
        }
        String flag = req.getParameter("conflict");
        if (flag != null && flags.isKnown(flag)) {
            return new DemoPage.Notice(true, "Conflict: the flag \"" + flag + "\" was changed by someone else after"
                    + " this page was loaded (you saw version " + number(req.getParameter("saw"))
                    + ", it is at version " + number(req.getParameter("now")) + " now). Nothing was changed;"
                    + " check its current state below and try again.");
        }
        return null;
    }

    private static String number(String raw) {
        try {
            return Long.toString(Long.parseLong(String.valueOf(raw)));
        } catch (NumberFormatException e) {
            return "?";
        }
    }

    private static boolean isOn(List<Flag> all, String name) {
        return all.stream().anyMatch(f -> f.name().equals(name) && f.enabled());
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() + "/";
    }
}
