package org.statekeeper.it.load;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of the load driver's WAR: every resource under {@code /api}. */
@ApplicationPath("api")
public class LoadApplication extends Application {
}
