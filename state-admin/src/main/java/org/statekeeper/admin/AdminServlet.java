package org.statekeeper.admin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateException;
import org.statekeeper.StateMonitor;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.spi.Credentials;

/**
 * The console: its page and scripts, and its JSON API. Registered by {@link AdminStartup} under a
 * constraint that admits only the configured role, so every path here is already the operator's.
 * Everything is JSON built by JSON-B or JSON-P (escaped whatever keys and values hold); the page
 * renders it as text; every change needs the session's token ({@link CsrfTokens}).
 */
public class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static final Map<String, String> FILES = Map.of("/console.js", "text/javascript",
            "/console.css", "text/css", "/", "text/html");

    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    transient StateAudit audit;

    @Inject
    transient RecoveryManager recovery;

    @Inject
    transient StateMonitor monitor;

    @Inject
    transient AdminOperations operations;

    @Inject
    transient AdminJobs jobs;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cache-Control", "no-store");
        if (req.getPathInfo() == null) {
            // The page's relative links (console.js, api/…) need the trailing slash.
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        String path = req.getPathInfo();
        try {
            if (AdminSettings.MUTATING.contains(req.getMethod()) && !CsrfTokens.allowed(req)) {
                error(resp, HttpServletResponse.SC_FORBIDDEN, "the console's token is missing or wrong, or the request"
                        + " came from another site's page");
                return;
            }
            route(req, resp, req.getMethod() + " " + path);
        } catch (AdminJobs.Busy e) {
            json(resp, HttpServletResponse.SC_CONFLICT, Json.createObjectBuilder().add("error", e.getMessage())
                    .add("job", e.running().toJson()).build().toString());
        } catch (StateConflictException e) {
            json(resp, HttpServletResponse.SC_CONFLICT, Json.createObjectBuilder().add("error", e.getMessage())
                    .add("expected", e.getExpectedVersion()).add("actual", e.getActualVersion()).build().toString());
        } catch (InvalidKeyException | InvalidArgumentException | ValueTooLargeException | IllegalArgumentException e) {
            error(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (StateException e) {
            // A store's failure may quote where it is; the console shows it with any credentials masked.
            error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Credentials.mask(e.getMessage()));
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, String route) throws IOException {
        switch (route) {
            case "GET /", "GET /console.js", "GET /console.css" -> file(req.getPathInfo(), resp);
            case "GET /api/token" -> json(resp, 200, Json.createObjectBuilder()
                    .add("token", CsrfTokens.tokenOf(req)).add("user", String.valueOf(req.getRemoteUser())).build().toString());
            case "GET /api/keys" -> json(resp, 200, JSON.toJson(audit.keys(param(req, "prefix", ""),
                    req.getParameter("after"), intParam(req, "limit", 50))));
            case "GET /api/value" -> value(req, resp);
            case "PUT /api/value" -> {
                JsonObject body = Json.createReader(new StringReader(new String(req.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8))).readObject();
                if (!body.containsKey("value")) {
                    throw new IllegalArgumentException("the body needs a value");
                }
                long version = operations.set(param(req, "key", null), body.getJsonNumber("version").longValueExact(),
                        body.get("value"));
                json(resp, 200, Json.createObjectBuilder().add("version", version).build().toString());
            }
            case "DELETE /api/value" -> {
                operations.delete(param(req, "key", null), longParam(req, "version"));
                json(resp, 200, "{\"deleted\":true}");
            }
            case "GET /api/history" -> json(resp, 200, JSON.toJson(audit.history(param(req, "key", null),
                    intParam(req, "page", 0), intParam(req, "size", 50))));
            case "GET /api/by-principal" -> json(resp, 200, JSON.toJson(audit.byPrincipal(param(req, "principal", null),
                    intParam(req, "page", 0), intParam(req, "size", 50))));
            case "GET /api/status" -> json(resp, 200, Json.createObjectBuilder()
                    .add("store", parsed(JSON.toJson(monitor.store())))
                    .add("nearCache", monitor.nearCache().map(s -> parsed(JSON.toJson(s))).orElse(JsonValue.NULL))
                    .build().toString());
            case "POST /api/verify" -> started(resp, jobs.start("verify", recovery::verify));
            case "POST /api/rebuild" -> started(resp, jobs.start("rebuild", recovery::rebuild));
            case "POST /api/recover" -> {
                Instant since = instantParam(req, "since");
                started(resp, jobs.start("recover", progress -> recovery.recover(since, progress)));
            }
            case "GET /api/job" -> {
                var job = jobs.find(param(req, "id", null));
                if (job.isPresent()) {
                    json(resp, 200, job.get().toJson().toString());
                } else {
                    error(resp, HttpServletResponse.SC_NOT_FOUND, "no such job on this node (only the last few are kept)");
                }
            }
            case "GET /api/jobs" -> json(resp, 200, jobs.recent().stream().map(AdminJob::toJson)
                    .collect(Json::createArrayBuilder, (a, j) -> a.add(j), (a, b) -> a.addAll(b)).build().toString());
            default -> error(resp, HttpServletResponse.SC_NOT_FOUND, "no such page or operation");
        }
    }

    /** Answers 202 with the job just started and where to poll it. */
    private static void started(HttpServletResponse resp, AdminJob job) throws IOException {
        resp.setHeader("Location", "job?id=" + job.id());
        json(resp, HttpServletResponse.SC_ACCEPTED, job.toJson().toString());
    }

    private void value(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String key = param(req, "key", null);
        var current = operations.read(key);
        if (current.isEmpty()) {
            error(resp, HttpServletResponse.SC_NOT_FOUND, "the key holds no value");
            return;
        }
        json(resp, 200, Json.createObjectBuilder().add("key", key).add("version", current.get().version())
                .add("value", current.get().value()).build().toString());
    }

    private static JsonValue parsed(String json) {
        return Json.createReader(new StringReader(json)).readValue();
    }

    private static void file(String path, HttpServletResponse resp) throws IOException {
        String name = path.equals("/") ? "/console.html" : path;
        try (InputStream in = AdminServlet.class.getResourceAsStream("/META-INF/statekeeper-admin" + name)) {
            if (in == null) {
                error(resp, HttpServletResponse.SC_NOT_FOUND, "missing " + name);
                return;
            }
            resp.setContentType(FILES.get(path) + ";charset=UTF-8");
            in.transferTo(resp.getOutputStream());
        }
    }

    private static String param(HttpServletRequest req, String name, String defaultValue) {
        String value = req.getParameter(name);
        if (value == null && defaultValue == null) {
            throw new IllegalArgumentException("the parameter " + name + " is missing");
        }
        return value == null ? defaultValue : value;
    }

    private static int intParam(HttpServletRequest req, String name, int defaultValue) {
        String value = req.getParameter(name);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the parameter " + name + " must be a whole number");
        }
    }

    private static Instant instantParam(HttpServletRequest req, String name) {
        try {
            return Instant.parse(param(req, name, null));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the parameter " + name + " must be an instant like 2026-12-03T08:00:00Z");
        }
    }

    private static long longParam(HttpServletRequest req, String name) {
        try {
            return Long.parseLong(param(req, name, null));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the parameter " + name + " must be a whole number");
        }
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        json(resp, status, Json.createObjectBuilder().add("error", String.valueOf(message)).build().toString());
    }

    private static void json(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
