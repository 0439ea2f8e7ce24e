package org.statekeeper.demo.api;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Unwraps exceptions from {@code CartService}: the EJB container wraps every runtime exception that
 * is not an application exception, Statekeeper's included, in an {@link EJBException}.
 */
@Provider
public class EJBExceptionMapper implements ExceptionMapper<EJBException> {

    @Override
    public Response toResponse(EJBException exception) {
        return ApiErrors.toResponse(exception);
    }
}
