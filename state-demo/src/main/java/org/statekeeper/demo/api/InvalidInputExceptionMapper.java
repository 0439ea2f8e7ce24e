package org.statekeeper.demo.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.statekeeper.demo.InvalidInputException;

/** Maps rejected input to 400 with the rule that was broken. */
@Provider
public class InvalidInputExceptionMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException exception) {
        return ApiErrors.toResponse(exception);
    }
}
