package org.statekeeper.demo.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.statekeeper.demo.FeatureFlags;
import org.statekeeper.demo.Flag;

/** The feature flags: {@code GET /api/flags}, {@code GET|PUT /api/flags/{name}}. */
@Path("flags")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FlagsResource {

    @Inject
    FeatureFlags flags;

    /**
     * Lists every flag with its version.
     *
     * @return the flags
     */
    @GET
    public List<Flag> all() {
        return flags.all();
    }

    /**
     * Returns one flag with its version.
     *
     * @param name the flag's name
     * @return the flag
     */
    @GET
    @Path("{name}")
    public Flag get(@PathParam("name") String name) {
        return flags.read(known(name));
    }

    /**
     * Sets a flag; with {@code expectedVersion} only if it is still at that version (409 otherwise).
     *
     * @param name the flag's name
     * @param change the new value and, optionally, the expected version
     * @return the flag after the change
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Flag put(@PathParam("name") String name, FlagChange change) {
        String flag = known(name);
        if (change == null || change.enabled() == null) {
            throw new BadRequestException("Field \"enabled\" is required");
        }
        return change.expectedVersion() == null
                ? flags.set(flag, change.enabled())
                : flags.change(flag, change.expectedVersion(), change.enabled());
    }

    private String known(String name) {
        if (!flags.isKnown(name)) {
            throw new NotFoundException();
        }
        return name;
    }
}
