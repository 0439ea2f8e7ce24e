package org.statekeeper.demo.web;

import static org.statekeeper.demo.web.Html.param;
import static org.statekeeper.demo.web.Html.text;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.statekeeper.demo.CartService;
import org.statekeeper.demo.CartView;
import org.statekeeper.demo.Flag;
import org.statekeeper.demo.Item;
import org.statekeeper.demo.RecentChanges;

/**
 * Renders the demo page from a {@link Model}. Kept apart from the servlet so that all markup, and so
 * all escaping, is in one place: every interpolated value below goes through {@link Html#text}.
 */
final class DemoPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;background:#fff;color:#222}
            body.dark{background:#1e1f24;color:#e6e6e6}
            body.dark a{color:#8ab4f8}
            section{border:1px solid #8884;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
            table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left;border-bottom:1px solid #8883}
            form{display:inline;margin:0}
            .banner{background:#ffd54f;color:#222;padding:.75rem 1rem;border-radius:.5rem}
            .notice{padding:.5rem 1rem;border-radius:.5rem;background:#c8e6c9;color:#222}
            .notice.problem{background:#ffcdd2}
            .muted{opacity:.7;font-size:.9em}
            code{font-size:.95em}
            """;

    /**
     * A message shown once after a form was submitted.
     *
     * @param problem true for an error or conflict, false for a confirmation
     * @param text the message
     */
    record Notice(boolean problem, String text) {
    }

    /**
     * Everything the page shows.
     *
     * @param base the URL of the page itself (the application's context path and "/")
     * @param visits the visit count, including this visit
     * @param flags every feature flag with its version
     * @param darkMode whether the dark-mode flag is on
     * @param banner whether the welcome-banner flag is on
     * @param cartEnabled false when the cart-disabled flag is on
     * @param cart the selected user's cart
     * @param changes recent changes, newest first
     * @param notice the message to show, or null
     */
    record Model(String base, long visits, List<Flag> flags, boolean darkMode, boolean banner,
            boolean cartEnabled, CartView cart, List<RecentChanges.Change> changes, Notice notice) {
    }

    private DemoPage() {
    }

    static String render(Model m) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Statekeeper demo</title><style>").append(STYLE).append("</style>")
                // Live updates (WebSocket push); the page works without them, reloaded as before.
                .append("<script type=\"module\" src=\"").append(text(m.base())).append("static/live.js\"></script></head>\n")
                .append("<body").append(m.darkMode() ? " class=\"dark\"" : "").append(">\n")
                .append("<header><h1>Statekeeper demo</h1><p>Visits: <strong id=\"visits\">")
                .append(text(m.visits())).append("</strong> <span class=\"muted\">(key <code>demo:visits</code>,")
                .append(" counted with an atomic <code>update</code>; it survives restarts)</span></p>")
                .append("<p class=\"muted\">Live updates: <span id=\"live-status\">off</span>")
                .append(" (changes made in another tab or on another server appear here without a reload)</p></header>\n");
        if (m.banner()) {
            h.append("<p class=\"banner\">Welcome! This banner is shown because the feature flag <code>")
                    .append(text("welcome-banner")).append("</code> is on.</p>\n");
        }
        if (m.notice() != null) {
            h.append("<p class=\"notice").append(m.notice().problem() ? " problem" : "").append("\" role=\"status\">")
                    .append(text(m.notice().text())).append("</p>\n");
        }
        flags(h, m);
        cart(h, m);
        changes(h, m);
        api(h, m);
        return h.append("</body></html>\n").toString();
    }

    private static void flags(StringBuilder h, Model m) {
        h.append("<section id=\"flags\"><h2>Feature flags</h2>")
                .append("<p class=\"muted\">Each button carries the version it was rendered with and changes the")
                .append(" flag with <code>compareAndSet</code>: if someone changed it meanwhile (try two tabs),")
                .append(" you get a conflict instead of silently undoing their change.</p>")
                .append("<table><tr><th>flag</th><th>state</th><th>version</th><th></th></tr>\n");
        for (Flag flag : m.flags()) {
            h.append("<tr data-flag=\"").append(text(flag.name())).append("\"><td><code>").append(text(flag.name()))
                    .append("</code></td><td class=\"flag-state\">").append(text(flag.enabled() ? "on" : "off"))
                    .append("</td><td class=\"flag-version\">").append(text(flag.version()))
                    .append("</td><td><form method=\"post\" action=\"").append(text(m.base())).append("\">")
                    .append(hidden("action", "toggle-flag")).append(hidden("flag", flag.name()))
                    .append(hidden("expectedVersion", Long.toString(flag.version())))
                    .append(hidden("enabled", Boolean.toString(!flag.enabled())))
                    .append(hidden("user", m.cart().user()))
                    .append("<button type=\"submit\">").append(text(flag.enabled() ? "Turn off" : "Turn on"))
                    .append("</button></form></td></tr>\n");
        }
        h.append("</table></section>\n");
    }

    private static void cart(StringBuilder h, Model m) {
        CartView cart = m.cart();
        h.append("<section id=\"cart\" data-user=\"").append(text(cart.user())).append("\" data-base=\"")
                .append(text(m.base())).append("\"><h2>Cart of ").append(text(cart.user())).append("</h2>");
        h.append("<form method=\"get\" action=\"").append(text(m.base())).append("\"><label>User ")
                .append("<input name=\"user\" required maxlength=\"").append(text(CartService.MAX_USER_LENGTH))
                .append("\" value=\"").append(text(cart.user())).append("\"></label> ")
                .append("<button type=\"submit\">Show cart</button></form>");
        if (!m.cartEnabled()) {
            h.append("<p>The cart is switched off by the feature flag <code>cart-disabled</code>.</p></section>\n");
            return;
        }
        h.append("<p class=\"muted\">Stored under <code>").append(text("cart:" + cart.user()))
                .append("</code>, version <span id=\"cart-version\">").append(text(cart.version())).append("</span>")
                .append(", changed by a <code>@Stateless</code> EJB with <code>update</code> (no lost updates)")
                .append(" and emptied with <code>delete</code>.</p>");
        h.append("<div id=\"cart-items\">");
        if (cart.items().isEmpty()) {
            h.append("<p>The cart is empty.</p>");
        } else {
            h.append("<table><tr><th>item</th><th>quantity</th><th></th></tr>\n");
            for (Item item : cart.items()) {
                h.append("<tr><td>").append(text(item.name())).append("</td><td>").append(text(item.quantity()))
                        .append("</td><td>").append(postForm(m.base(), "remove-item", cart.user()))
                        .append(hidden("name", item.name()))
                        .append("<button type=\"submit\">Remove</button></form></td></tr>\n");
            }
            h.append("</table>");
        }
        h.append("</div>");
        h.append("<p>").append(postForm(m.base(), "add-item", cart.user()))
                .append("<label>Item <input name=\"name\" required maxlength=\"")
                .append(text(CartService.MAX_NAME_LENGTH)).append("\"></label> ")
                .append("<label>Quantity <input name=\"quantity\" type=\"number\" value=\"1\" min=\"1\" max=\"")
                .append(text(CartService.MAX_QUANTITY)).append("\"></label> ")
                .append("<button type=\"submit\">Add</button></form> ");
        if (!cart.items().isEmpty()) {
            h.append(postForm(m.base(), "clear-cart", cart.user()))
                    .append("<button type=\"submit\">Clear cart</button></form>");
        }
        h.append("</p></section>\n");
    }

    private static void changes(StringBuilder h, Model m) {
        h.append("<section id=\"changes\"><h2>Recent changes</h2><p class=\"muted\">The last ")
                .append(text(RecentChanges.CAPACITY)).append(" <code>StateChanged</code> events this node observed")
                .append(" (fired only after commit; kept in memory, so empty after a restart).</p>");
        if (m.changes().isEmpty()) {
            h.append("<p>No changes since the server started.</p>");
        } else {
            h.append("<table><tr><th>time (UTC)</th><th>change</th><th>key</th><th>version</th></tr>\n");
            for (RecentChanges.Change c : m.changes()) {
                h.append("<tr><td>").append(text(TIME.format(c.at()))).append("</td><td>").append(text(c.type()))
                        .append(c.remote() ? text(" (remote)") : "").append("</td><td><code>").append(text(c.key()))
                        .append("</code></td><td>").append(text(c.version())).append("</td></tr>\n");
            }
            h.append("</table>");
        }
        h.append("</section>\n");
    }

    private static void api(StringBuilder h, Model m) {
        String api = m.base() + "api/";
        h.append("<section id=\"api\"><h2>JSON API</h2><ul>")
                .append(link(api + "flags", "GET " + api + "flags"))
                .append(link(api + "cart/" + pathSegment(m.cart().user()), "GET " + api + "cart/" + m.cart().user()))
                .append(link(api + "state/demo:visits", "GET " + api + "state/demo:visits"))
                .append(link(api + "changes", "GET " + api + "changes"))
                .append("</ul><p class=\"muted\">Also <code>").append(text("POST " + api + "cart/{user}/items"))
                .append("</code> with <code>").append(text("{\"name\":\"tea\",\"quantity\":2}"))
                .append("</code>, <code>").append(text("PUT " + api + "flags/{name}"))
                .append("</code> with <code>").append(text("{\"enabled\":true,\"expectedVersion\":0}"))
                .append("</code> and <code>").append(text("POST " + api + "visits"))
                .append("</code>.</p></section>\n");
    }

    private static String postForm(String base, String action, String user) {
        return "<form method=\"post\" action=\"" + text(base) + "\">" + hidden("action", action) + hidden("user", user);
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + text(name) + "\" value=\"" + text(value) + "\">";
    }

    private static String link(String href, String label) {
        return "<li><a href=\"" + text(href) + "\"><code>" + text(label) + "</code></a></li>";
    }

    /** Percent-encodes a path segment; unlike a query value, a space must be %20 and not '+'. */
    private static String pathSegment(String value) {
        return param(value).replace("+", "%20");
    }
}
