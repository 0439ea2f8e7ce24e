package org.statekeeper.demo.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.statekeeper.demo.VisitCounter;

/** The visit counter: {@code GET /api/visits} reads it, {@code POST /api/visits} counts one visit. */
@Path("visits")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VisitsResource {

    /**
     * The visit count.
     *
     * @param visits visits so far
     */
    public record Visits(long visits) {
    }

    @Inject
    VisitCounter counter;

    /**
     * Returns the visit count.
     *
     * @return the count
     */
    @GET
    public Visits get() {
        return new Visits(counter.current());
    }

    /**
     * Counts one visit.
     *
     * @return the count including it
     */
    @POST
    public Visits visit() {
        return new Visits(counter.increment());
    }
}
