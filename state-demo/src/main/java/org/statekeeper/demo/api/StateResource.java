package org.statekeeper.demo.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.statekeeper.StateManager;

/**
 * Raw read access to the demo's keys: {@code GET /api/state/{key}} returns the stored JSON and its
 * version, e.g. {@code /api/state/demo:visits}.
 *
 * <p>Only the demo's own prefixes are readable: a real application keeps other state in the same
 * store, and a generic read endpoint would hand all of it out.
 */
@Path("state")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    private static final List<String> READABLE_PREFIXES = List.of("demo:", "flag:", "cart:");

    @Inject
    StateManager state;

    /**
     * Returns a key's value as stored, decoded as plain JSON whatever class wrote it.
     *
     * @param key the key
     * @return the key's JSON and version
     * @throws NotFoundException when the key is absent or not one of the demo's
     */
    @GET
    @Path("{key}")
    public StateEntry get(@PathParam("key") String key) {
        if (READABLE_PREFIXES.stream().noneMatch(key::startsWith)) {
            throw new NotFoundException();
        }
        return state.getVersioned(key, JsonValue.class)
                .map(v -> new StateEntry(key, v.version(), v.value()))
                .orElseThrow(NotFoundException::new);
    }
}
