package org.statekeeper.demo.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.System.Logger.Level;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.StateConflictException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.demo.InvalidInputException;

/** Turns the exceptions the demo expects into JSON error responses with a fitting status. */
final class ApiErrors {

    private static final System.Logger LOG = System.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    /**
     * Maps {@code failure}, or the first of its causes that is a known kind.
     *
     * @param failure what a resource threw
     * @return the response; 500 without details when nothing in the chain is known
     */
    static Response toResponse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Response.Status status = statusOf(t);
            if (status != null) {
                return json(status, t.getMessage());
            }
        }
        // Details stay in the server log: they may name classes, keys or SQL a client has no business seeing.
        LOG.log(Level.WARNING, "SK0901 API request failed", failure);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "Internal error; see the server log");
    }

    private static Response.Status statusOf(Throwable t) {
        if (t instanceof InvalidInputException || t instanceof InvalidKeyException
                || t instanceof InvalidArgumentException) {
            return Response.Status.BAD_REQUEST;
        }
        if (t instanceof StateConflictException) {
            return Response.Status.CONFLICT;
        }
        if (t instanceof ValueTooLargeException) {
            return Response.Status.REQUEST_ENTITY_TOO_LARGE;
        }
        return null;
    }

    private static Response json(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message)).build();
    }
}
