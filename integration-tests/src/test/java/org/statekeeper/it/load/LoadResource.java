package org.statekeeper.it.load;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.statekeeper.StateManager;
import org.statekeeper.StateMonitor;
import org.statekeeper.it.Item;

/**
 * The same three operations twice: through {@code @Inject StateManager} ({@code sk/…}) and written by hand
 * ({@code raw/…}, {@link RawSide}). Each answers the item's quantity or the key's new version as text.
 */
@Path("load")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class LoadResource {

    @Inject
    StateManager state;

    @Inject
    RawSide raw;

    @Inject
    StateMonitor monitor;

    /** The near cache's statistics, to check that reads were served from memory. */
    @GET
    @Path("stats")
    public String stats() {
        return monitor.nearCache().map(Object::toString).orElse("off");
    }

    /** Reads a key through Statekeeper. */
    @GET
    @Path("sk/{key}")
    public String skGet(@PathParam("key") String key) {
        return String.valueOf(state.get(key, Item.class).orElseThrow().quantity());
    }

    /** Sets a key through Statekeeper, in a transaction of its own. */
    @PUT
    @Path("sk/{key}")
    public String skSet(@PathParam("key") String key, String quantity) {
        return String.valueOf(state.set(key, new Item(key, Integer.parseInt(quantity.trim()))));
    }

    /** Increments a key's quantity through Statekeeper, in a transaction of its own. */
    @POST
    @Path("sk/{key}/inc")
    public String skIncrement(@PathParam("key") String key) {
        return String.valueOf(state.update(key, Item.class, i -> new Item(i.name(), i.quantity() + 1)).quantity());
    }

    /** Reads a key by hand. */
    @GET
    @Path("raw/{key}")
    public String rawGet(@PathParam("key") String key) {
        return String.valueOf(raw.get(key).quantity());
    }

    /** Sets a key by hand. */
    @PUT
    @Path("raw/{key}")
    public String rawSet(@PathParam("key") String key, String quantity) {
        return String.valueOf(raw.set(key, new Item(key, Integer.parseInt(quantity.trim()))));
    }

    /** Increments a key's quantity by hand. */
    @POST
    @Path("raw/{key}/inc")
    public String rawIncrement(@PathParam("key") String key) {
        return String.valueOf(raw.increment(key).quantity());
    }
}
