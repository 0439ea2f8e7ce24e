package org.statekeeper.demo.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.statekeeper.StateException;

/** Maps Statekeeper's exceptions: a version conflict is 409, an invalid key 400, an oversized value 413. */
@Provider
public class StateExceptionMapper implements ExceptionMapper<StateException> {

    @Override
    public Response toResponse(StateException exception) {
        return ApiErrors.toResponse(exception);
    }
}
