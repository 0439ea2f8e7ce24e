package org.statekeeper.demo.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.statekeeper.demo.RecentChanges;

/** The recent-changes feed: {@code GET /api/changes}. */
@Path("changes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChangesResource {

    @Inject
    RecentChanges recent;

    /**
     * Returns the changes this node observed lately.
     *
     * @return at most {@value RecentChanges#CAPACITY} changes, newest first
     */
    @GET
    public List<RecentChanges.Change> get() {
        return recent.latest();
    }
}
