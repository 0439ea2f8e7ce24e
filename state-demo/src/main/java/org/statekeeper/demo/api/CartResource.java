package org.statekeeper.demo.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.statekeeper.demo.CartService;
import org.statekeeper.demo.CartView;
import org.statekeeper.demo.InvalidInputException;
import org.statekeeper.demo.InvalidInputException.Violation;
import org.statekeeper.demo.Item;

/** A user's cart: {@code /api/cart/{user}}, its items under {@code /items}. */
@Path("cart/{user}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CartResource {

    @EJB
    CartService carts;

    /**
     * Returns the cart with its version.
     *
     * @param user the cart's owner
     * @return the cart, empty with version 0 when the user has none
     */
    @GET
    public CartView get(@PathParam("user") String user) {
        return carts.view(user);
    }

    /**
     * Adds an item, e.g. {@code {"name":"tea","quantity":2}}; the quantity adds to an existing line.
     *
     * @param user the cart's owner
     * @param item the item and how many to add
     * @return the cart after the change
     */
    @POST
    @Path("items")
    @Consumes(MediaType.APPLICATION_JSON)
    public CartView addItem(@PathParam("user") String user, Item item) {
        if (item == null) {
            throw new InvalidInputException(Violation.ITEM_NAME);
        }
        return carts.addItem(user, item.name(), item.quantity());
    }

    /**
     * Removes the line of one item.
     *
     * @param user the cart's owner
     * @param name the item's name
     * @return the cart after the change
     */
    @DELETE
    @Path("items/{name}")
    public CartView removeItem(@PathParam("user") String user, @PathParam("name") String name) {
        return carts.removeItem(user, name);
    }

    /**
     * Empties the cart by deleting its key.
     *
     * @param user the cart's owner
     */
    @DELETE
    public void clear(@PathParam("user") String user) {
        carts.clear(user);
    }
}
